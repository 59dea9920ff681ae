from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0020_wechat_binding')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SubscribeConsent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('yizhan.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='subscribe_consents', on_delete=OnDelete.CASCADE)),
                ('template_id', fields.CharField(max_length=64)),
                ('remaining', fields.IntField(default=0)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'wechat_subscribe_consent', 'app': 'yizhan', 'unique_together': (('account', 'template_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SubscribeTemplate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(unique=True, max_length=40)),
                ('template_id', fields.CharField(max_length=64)),
                ('mapping', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('page', fields.CharField(default='', max_length=200)),
                ('is_active', fields.BooleanField(default=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'wechat_subscribe_template', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Delivery',
            name='account',
            field=fields.ForeignKeyField('yizhan.Account', source_field='account_id', null=True, db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='Delivery',
            name='template_id',
            field=fields.CharField(null=True, max_length=64),
        ),
    ]
