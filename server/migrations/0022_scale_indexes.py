from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0021_wechat_subscribe')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Report',
            index=Index(fields=['scope_path', 'id']),
        ),
        ops.AddIndex(
            model_name='Report',
            index=Index(fields=['reporter_id', 'id']),
        ),
        ops.RemoveIndex(
            model_name='Wish',
            name=None,
            fields=['place_id', 'status'],
        ),
        ops.RemoveIndex(
            model_name='Wish',
            name=None,
            fields=['community_id', 'status'],
        ),
        ops.AddIndex(
            model_name='Wish',
            index=Index(fields=['place_id', 'status', 'thanked_at']),
        ),
        ops.AddIndex(
            model_name='Wish',
            index=Index(fields=['community_id', 'status', 'thanked_at']),
        ),
    ]
