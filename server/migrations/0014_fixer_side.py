from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0013_place_company_routing')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Report',
            name='accepted_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Report',
            name='assigned_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Report',
            name='more_time',
            field=fields.CharField(null=True, max_length=10),
        ),
        ops.AddField(
            model_name='Report',
            name='more_time_hours',
            field=fields.IntField(null=True),
        ),
        ops.AlterModelOptions(
            name='ReportSettings',
            options={'table': 'report_settings', 'app': 'yizhan', 'pk_attr': 'community_id'},
        ),
    ]
