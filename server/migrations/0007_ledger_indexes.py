from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0006_wishes')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='LedgerEntry',
            name='created_at',
            field=fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True),
        ),
        ops.AddIndex(
            model_name='LedgerEntry',
            index=Index(fields=['account_id', 'id']),
        ),
    ]
