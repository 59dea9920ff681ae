from tortoise import migrations
from tortoise.migrations import operations as ops
from server.wishes.models import ClaimStatus, ClaimerKind, WishCategory, WishSource, WishStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0005_rewards')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Wish',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('category', fields.CharEnumField(db_index=True, description='ACCESS: access\nCHARGING: charging\nRESTING: resting\nEATING: eating\nGOODS: goods\nLEARNING: learning\nFAMILY: family\nOTHER: other', enum_type=WishCategory, max_length=12)),
                ('title', fields.CharField(max_length=40)),
                ('description', fields.CharField(default='', max_length=500)),
                ('photo', fields.CharField(null=True, max_length=40)),
                ('thumb', fields.CharField(null=True, max_length=40)),
                ('place', fields.ForeignKeyField('yizhan.Place', source_field='place_id', db_constraint=True, to_field='id', related_name='wishes', on_delete=OnDelete.RESTRICT)),
                ('community', fields.ForeignKeyField('yizhan.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='wishes', on_delete=OnDelete.RESTRICT)),
                ('scope_path', fields.CharField(db_index=True, max_length=255)),
                ('rider', fields.ForeignKeyField('yizhan.Account', source_field='rider_id', null=True, db_constraint=True, to_field='id', related_name='wishes', on_delete=OnDelete.RESTRICT)),
                ('rider_name', fields.CharField(max_length=50)),
                ('recorded_by', fields.ForeignKeyField('yizhan.Account', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='wishes_recorded', on_delete=OnDelete.SET_NULL)),
                ('source', fields.CharEnumField(default=WishSource.APP, description='APP: app\nTALK_SESSION: talk_session\nLISTENING_POINT: listening_point', enum_type=WishSource, max_length=16)),
                ('needed_by', fields.DateField(null=True)),
                ('status', fields.CharEnumField(default=WishStatus.SUBMITTED, db_index=True, description='SUBMITTED: submitted\nPUBLISHED: published\nREJECTED: rejected\nCLAIMED: claimed\nFULFILLED: fulfilled\nTHANKED: thanked\nWITHDRAWN: withdrawn', enum_type=WishStatus, max_length=12)),
                ('reject_reason', fields.CharField(default='', max_length=200)),
                ('thanks', fields.CharField(default='', max_length=200)),
                ('idempotency_key', fields.CharField(null=True, unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('claimed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('fulfilled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('thanked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'wish', 'app': 'yizhan', 'indexes': [Index(fields=['place_id', 'status']), Index(fields=['community_id', 'status'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WishClaim',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('wish', fields.ForeignKeyField('yizhan.Wish', source_field='wish_id', db_constraint=True, to_field='id', related_name='claims', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=50)),
                ('phone', fields.CharField(max_length=11)),
                ('kind', fields.CharEnumField(description='RESIDENT: resident\nPARTY_MEMBER: party_member\nMERCHANT: merchant\nPARTNER_UNIT: partner_unit', enum_type=ClaimerKind, max_length=14)),
                ('consent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('account', fields.ForeignKeyField('yizhan.Account', source_field='account_id', null=True, db_constraint=True, to_field='id', related_name='wish_claims', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=ClaimStatus.ACTIVE, db_index=True, description='ACTIVE: active\nFULFILLED: fulfilled\nGIVEN_UP: given_up\nEXPIRED: expired\nWITHDRAWN: withdrawn', enum_type=ClaimStatus, max_length=10)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('note', fields.CharField(default='', max_length=500)),
                ('photo', fields.CharField(null=True, max_length=40)),
                ('thumb', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'wish_claim', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WishEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('wish', fields.ForeignKeyField('yizhan.Wish', source_field='wish_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('yizhan.Account', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='wish_events', on_delete=OnDelete.SET_NULL)),
                ('actor_label', fields.CharField(default='', max_length=50)),
                ('action', fields.CharField(max_length=20)),
                ('from_status', fields.CharField(default='', max_length=12)),
                ('to_status', fields.CharField(max_length=12)),
                ('note', fields.CharField(default='', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'wish_event', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
