from tortoise import migrations
from tortoise.migrations import operations as ops
from server.rewards.models import RedemptionStatus
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0004_point_rules')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PointAdjustment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('yizhan.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='adjustments', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.IntField()),
                ('note', fields.CharField(max_length=200)),
                ('made_by', fields.ForeignKeyField('yizhan.Account', source_field='made_by_id', null=True, db_constraint=True, to_field='id', related_name='adjustments_made', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'points_adjustment', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Reward',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('owner', fields.ForeignKeyField('yizhan.OrgNode', source_field='owner_id', db_constraint=True, to_field='id', related_name='rewards', on_delete=OnDelete.RESTRICT)),
                ('owner_path', fields.CharField(db_index=True, max_length=255)),
                ('name', fields.CharField(max_length=60)),
                ('name_ug', fields.CharField(null=True, max_length=100)),
                ('name_en', fields.CharField(null=True, max_length=100)),
                ('description', fields.CharField(default='', max_length=300)),
                ('cost', fields.IntField()),
                ('stock', fields.IntField()),
                ('photo', fields.CharField(null=True, max_length=40)),
                ('thumb', fields.CharField(null=True, max_length=40)),
                ('available_from', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('available_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'points_reward', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Redemption',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=16)),
                ('reward', fields.ForeignKeyField('yizhan.Reward', source_field='reward_id', db_constraint=True, to_field='id', related_name='redemptions', on_delete=OnDelete.RESTRICT)),
                ('account', fields.ForeignKeyField('yizhan.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='redemptions', on_delete=OnDelete.RESTRICT)),
                ('cost', fields.IntField()),
                ('status', fields.CharEnumField(default=RedemptionStatus.HELD, db_index=True, description='HELD: held\nHANDED_OVER: handed_over\nCANCELLED: cancelled\nEXPIRED: expired', enum_type=RedemptionStatus, max_length=12)),
                ('request_key', fields.CharField(null=True, max_length=64)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_by', fields.ForeignKeyField('yizhan.Account', source_field='closed_by_id', null=True, db_constraint=True, to_field='id', related_name='redemptions_closed', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'points_redemption', 'app': 'yizhan', 'unique_together': (('account', 'request_key'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Account',
            name='on_leaderboard',
            field=fields.BooleanField(default=False),
        ),
    ]
