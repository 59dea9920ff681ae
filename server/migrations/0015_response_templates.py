from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0014_fixer_side')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ResponseTemplate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('category', fields.ForeignKeyField('yizhan.Category', source_field='category_id', null=True, db_constraint=True, to_field='id', related_name='templates', on_delete=OnDelete.CASCADE)),
                ('owner_path', fields.CharField(db_index=True, max_length=255)),
                ('text', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'report_template', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
