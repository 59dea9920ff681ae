from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0003_reports_points')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PointRule',
            fields=[
                ('reason', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('points', fields.IntField()),
                ('monthly_cap', fields.IntField(null=True)),
                ('is_active', fields.BooleanField(default=True)),
            ],
            options={'table': 'points_rule', 'app': 'yizhan', 'pk_attr': 'reason'},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='Balance',
            options={'table': 'points_balance', 'app': 'yizhan', 'pk_attr': 'account_id'},
        ),
    ]
