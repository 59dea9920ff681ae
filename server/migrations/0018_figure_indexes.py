from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0017_report_milestones')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Wish',
            index=Index(fields=['created_at']),
        ),
        ops.AddIndex(
            model_name='Wish',
            index=Index(fields=['published_at']),
        ),
        ops.AddIndex(
            model_name='Wish',
            index=Index(fields=['fulfilled_at']),
        ),
        ops.AddIndex(
            model_name='Wish',
            index=Index(fields=['thanked_at']),
        ),
        ops.AddIndex(
            model_name='WishClaim',
            index=Index(fields=['created_at']),
        ),
        ops.AddIndex(
            model_name='WishClaim',
            index=Index(fields=['closed_at']),
        ),
    ]
