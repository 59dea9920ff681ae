from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0019_volunteering')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WeChatBinding',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.OneToOneField('yizhan.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='wechat', on_delete=OnDelete.CASCADE)),
                ('openid', fields.CharField(unique=True, max_length=64)),
                ('unionid', fields.CharField(null=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'account_wechat', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='Availability',
            options={'table': 'volunteer_availability', 'app': 'yizhan', 'pk_attr': 'account_id'},
        ),
        ops.AlterModelOptions(
            name='StationPeaks',
            options={'table': 'volunteer_station_peaks', 'app': 'yizhan', 'pk_attr': 'station_id'},
        ),
    ]
