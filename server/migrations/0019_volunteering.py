from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from server.volunteering.models import BeneficiaryKind, BeneficiaryStatus, HelpKind, HelpStatus, Proof, QuotaUnit, ShareStatus, TaskKind, TaskStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0018_figure_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Availability',
            fields=[
                ('account', fields.OneToOneField('yizhan.Account', source_field='account_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name='availability', on_delete=OnDelete.CASCADE)),
                ('free_until', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('peak_ok', fields.BooleanField(default=False)),
            ],
            options={'table': 'volunteer_availability', 'app': 'yizhan', 'pk_attr': 'account_id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Beneficiary',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=50)),
                ('address', fields.CharField(max_length=200)),
                ('phone', fields.CharField(max_length=11)),
                ('kind', fields.CharEnumField(description='ELDERLY: elderly\nPREGNANT: pregnant\nDISABLED: disabled\nOTHER: other', enum_type=BeneficiaryKind, max_length=10)),
                ('notes', fields.CharField(default='', max_length=300)),
                ('community', fields.ForeignKeyField('yizhan.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='beneficiaries', on_delete=OnDelete.RESTRICT)),
                ('scope_path', fields.CharField(db_index=True, max_length=255)),
                ('account', fields.ForeignKeyField('yizhan.Account', source_field='account_id', null=True, db_constraint=True, to_field='id', related_name='beneficiary', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=BeneficiaryStatus.APPROVED, description='PENDING: pending\nAPPROVED: approved\nREJECTED: rejected', enum_type=BeneficiaryStatus, max_length=10)),
                ('consent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('registered_by', fields.ForeignKeyField('yizhan.Account', source_field='registered_by_id', null=True, db_constraint=True, to_field='id', related_name='beneficiaries_registered', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'volunteer_beneficiary', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Certificate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=16)),
                ('account', fields.ForeignKeyField('yizhan.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='certificates', on_delete=OnDelete.CASCADE)),
                ('first_day', fields.DateField()),
                ('last_day', fields.DateField()),
                ('minutes', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'volunteer_certificate', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HelpRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('beneficiary', fields.ForeignKeyField('yizhan.Beneficiary', source_field='beneficiary_id', db_constraint=True, to_field='id', related_name='requests', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='PICKUP: pickup\nDELIVERY: delivery\nMEAL: meal\nRIDE: ride\nERRAND: errand\nOTHER: other', enum_type=HelpKind, max_length=10)),
                ('window_from', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('window_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('from_place', fields.CharField(default='', max_length=100)),
                ('to_place', fields.CharField(default='', max_length=100)),
                ('notes', fields.CharField(default='', max_length=300)),
                ('scope_path', fields.CharField(db_index=True, max_length=255)),
                ('latitude', fields.FloatField(null=True, db_index=True)),
                ('longitude', fields.FloatField(null=True)),
                ('status', fields.CharEnumField(default=HelpStatus.OPEN, db_index=True, description='OPEN: open\nCLAIMED: claimed\nDONE: done\nCANCELLED: cancelled', enum_type=HelpStatus, max_length=10)),
                ('rider', fields.ForeignKeyField('yizhan.Account', source_field='rider_id', null=True, db_constraint=True, to_field='id', related_name='help_held', on_delete=OnDelete.RESTRICT)),
                ('claimed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('code', fields.CharField(default='', max_length=6)),
                ('wrong_codes', fields.IntField(default=0)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('confirmed_by', fields.ForeignKeyField('yizhan.Account', source_field='confirmed_by_id', null=True, db_constraint=True, to_field='id', related_name='help_confirmed', on_delete=OnDelete.SET_NULL)),
                ('minutes', fields.IntField(null=True)),
                ('thanks', fields.CharField(default='', max_length=200)),
                ('thanked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('yizhan.Account', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='help_created', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'volunteer_help', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StationPeaks',
            fields=[
                ('station', fields.OneToOneField('yizhan.OrgNode', source_field='station_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name='peaks', on_delete=OnDelete.CASCADE)),
                ('windows', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'volunteer_station_peaks', 'app': 'yizhan', 'pk_attr': 'station_id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Task',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='PUBLICITY: publicity\nPATROL: patrol\nCIVILITY: civility\nCONCERNS: concerns\nURGENT_DELIVERY: urgent_delivery\nOTHER: other', enum_type=TaskKind, max_length=20)),
                ('title', fields.CharField(max_length=60)),
                ('instructions', fields.CharField(default='', max_length=1000)),
                ('place', fields.ForeignKeyField('yizhan.Place', source_field='place_id', null=True, db_constraint=True, to_field='id', related_name='tasks', on_delete=OnDelete.RESTRICT)),
                ('area', fields.CharField(default='', max_length=100)),
                ('latitude', fields.FloatField(null=True, db_index=True)),
                ('longitude', fields.FloatField(null=True)),
                ('scope_path', fields.CharField(db_index=True, max_length=255)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('unit', fields.CharEnumField(default=QuotaUnit.RIDERS, description='RIDERS: riders\nUNITS: units', enum_type=QuotaUnit, max_length=8)),
                ('quota', fields.IntField()),
                ('taken', fields.IntField(default=0)),
                ('points', fields.IntField(default=10)),
                ('proof', fields.CharEnumField(default=Proof.PHOTO, description='PHOTO: photo\nNUMBER: number\nTEXT: text\nSCAN: scan', enum_type=Proof, max_length=8)),
                ('status', fields.CharEnumField(default=TaskStatus.OPEN, db_index=True, description='OPEN: open\nCLOSED: closed', enum_type=TaskStatus, max_length=8)),
                ('posted_by', fields.ForeignKeyField('yizhan.Account', source_field='posted_by_id', null=True, db_constraint=True, to_field='id', related_name='tasks_posted', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'volunteer_task', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TaskShare',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('task', fields.ForeignKeyField('yizhan.Task', source_field='task_id', db_constraint=True, to_field='id', related_name='shares', on_delete=OnDelete.CASCADE)),
                ('rider', fields.ForeignKeyField('yizhan.Account', source_field='rider_id', db_constraint=True, to_field='id', related_name='task_shares', on_delete=OnDelete.RESTRICT)),
                ('units', fields.IntField(default=1)),
                ('status', fields.CharEnumField(default=ShareStatus.CLAIMED, db_index=True, description='CLAIMED: claimed\nSUBMITTED: submitted\nCONFIRMED: confirmed\nREJECTED: rejected\nWITHDRAWN: withdrawn', enum_type=ShareStatus, max_length=10)),
                ('proof_text', fields.CharField(default='', max_length=500)),
                ('proof_number', fields.IntField(null=True)),
                ('proof_photo', fields.CharField(null=True, max_length=40)),
                ('proof_thumb', fields.CharField(null=True, max_length=40)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_by', fields.ForeignKeyField('yizhan.Account', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='task_decisions', on_delete=OnDelete.SET_NULL)),
                ('reason', fields.CharField(default='', max_length=200)),
                ('minutes', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'volunteer_task_share', 'app': 'yizhan', 'unique_together': (('task', 'rider'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VolunteerEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('object_type', fields.CharField(max_length=10)),
                ('object_id', fields.IntField()),
                ('actor', fields.ForeignKeyField('yizhan.Account', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='volunteer_events', on_delete=OnDelete.SET_NULL)),
                ('action', fields.CharField(max_length=20)),
                ('note', fields.CharField(default='', max_length=300)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'volunteer_event', 'app': 'yizhan', 'indexes': [Index(fields=['object_type', 'object_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
