from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0015_response_templates')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Category',
            name='default_department',
            field=fields.ForeignKeyField('yizhan.OrgNode', source_field='default_department_id', null=True, db_constraint=True, to_field='id', related_name='default_for_categories', on_delete=OnDelete.SET_NULL),
        ),
    ]
