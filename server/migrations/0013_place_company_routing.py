from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0012_notification_preferences')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ReportSettings',
            fields=[
                ('community', fields.OneToOneField('yizhan.OrgNode', source_field='community_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name='report_settings', on_delete=OnDelete.CASCADE)),
                ('auto_assign', fields.BooleanField(default=True)),
            ],
            options={'table': 'report_settings', 'app': 'yizhan', 'pk_attr': 'community_id'},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='NotificationPreference',
            options={'table': 'notification_preference', 'app': 'yizhan', 'pk_attr': 'account_id'},
        ),
        ops.AddField(
            model_name='Place',
            name='property_company',
            field=fields.ForeignKeyField('yizhan.OrgNode', source_field='property_company_id', null=True, db_constraint=True, to_field='id', related_name='managed_places', on_delete=OnDelete.SET_NULL),
        ),
    ]
