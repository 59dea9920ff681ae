from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0006_wishes')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='LedgerEntry',
            index=Index(fields=['account_id', 'id']),
        ),
        ops.AddIndex(
            model_name='LedgerEntry',
            index=Index(fields=['created_at']),
        ),
    ]
