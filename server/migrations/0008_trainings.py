from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0007_ledger_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Training',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=60)),
                ('held_on', fields.DateField()),
                ('node', fields.ForeignKeyField('yizhan.OrgNode', source_field='node_id', db_constraint=True, to_field='id', related_name='trainings', on_delete=OnDelete.RESTRICT)),
                ('node_path', fields.CharField(db_index=True, max_length=255)),
                ('recorded_by', fields.ForeignKeyField('yizhan.Account', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='trainings_recorded', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'points_training', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
