from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0022_scale_indexes')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Beneficiary',
            name='phone',
            field=fields.CharField(default='', max_length=13),
        ),
        ops.AddField(
            model_name='Beneficiary',
            name='phone_note',
            field=fields.CharField(default='', max_length=30),
        ),
    ]
