from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from server.notifications.models import DeliveryStatus, GroupKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0010_deadline_notices')]

    initial = False

    operations = [
        ops.CreateModel(
            name='GroupChannel',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('community', fields.ForeignKeyField('yizhan.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='group_channels', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='WECOM: wecom\nDINGTALK: dingtalk', enum_type=GroupKind, max_length=10)),
                ('url', fields.CharField(max_length=500)),
                ('secret', fields.CharField(default='', max_length=200)),
                ('kinds', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('quiet_from', fields.CharField(default='', max_length=5)),
                ('quiet_until', fields.CharField(default='', max_length=5)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'notification_group', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Delivery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=200)),
                ('channel', fields.CharField(max_length=10)),
                ('group', fields.ForeignKeyField('yizhan.GroupChannel', source_field='group_id', null=True, db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('phone', fields.CharField(default='', max_length=11)),
                ('kind', fields.CharField(max_length=40)),
                ('object_type', fields.CharField(max_length=20)),
                ('object_id', fields.IntField()),
                ('status_of_object', fields.CharField(default='', max_length=20)),
                ('params', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=DeliveryStatus.PENDING, description='PENDING: pending\nSENDING: sending\nSENT: sent\nFAILED: failed', enum_type=DeliveryStatus, max_length=10)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('held', fields.BooleanField(default=False)),
                ('last_error', fields.CharField(default='', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification_delivery', 'app': 'yizhan', 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DeliveryAttempt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('delivery', fields.ForeignKeyField('yizhan.Delivery', source_field='delivery_id', db_constraint=True, to_field='id', related_name='attempt_rows', on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('ok', fields.BooleanField()),
                ('answer', fields.CharField(default='', max_length=500)),
            ],
            options={'table': 'notification_delivery_attempt', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
