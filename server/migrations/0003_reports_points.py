from tortoise import migrations
from tortoise.migrations import operations as ops
from server.reports.models import ReportStatus, Responsible
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0002_places')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Balance',
            fields=[
                ('account', fields.OneToOneField('yizhan.Account', source_field='account_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name='balance', on_delete=OnDelete.CASCADE)),
                ('points', fields.IntField(default=0)),
            ],
            options={'table': 'points_balance', 'app': 'yizhan', 'pk_attr': 'account_id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Category',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=30)),
                ('name', fields.CharField(max_length=50)),
                ('name_ug', fields.CharField(null=True, max_length=80)),
                ('name_en', fields.CharField(null=True, max_length=80)),
                ('default_deadline_hours', fields.IntField(default=24)),
                ('default_responsible', fields.CharEnumField(default=Responsible.PROPERTY_COMPANY, description='PROPERTY_COMPANY: property_company\nDEPARTMENT: department\nCOMMUNITY: community', enum_type=Responsible, max_length=20)),
                ('sort_order', fields.IntField(default=0)),
                ('is_active', fields.BooleanField(default=True)),
            ],
            options={'table': 'report_category', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LedgerEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('yizhan.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='ledger', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.IntField()),
                ('reason', fields.CharField(max_length=40)),
                ('object_type', fields.CharField(default='', max_length=20)),
                ('object_id', fields.IntField(default=0)),
                ('caused_by', fields.ForeignKeyField('yizhan.Account', source_field='caused_by_id', null=True, db_constraint=True, to_field='id', related_name='ledger_caused', on_delete=OnDelete.SET_NULL)),
                ('note', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'points_ledger', 'app': 'yizhan', 'unique_together': (('account', 'reason', 'object_type', 'object_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('yizhan.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=40)),
                ('object_type', fields.CharField(max_length=20)),
                ('object_id', fields.IntField()),
                ('status', fields.CharField(default='', max_length=20)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'notification', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Report',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('category', fields.ForeignKeyField('yizhan.Category', source_field='category_id', db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.RESTRICT)),
                ('description', fields.CharField(default='', max_length=1000)),
                ('place', fields.ForeignKeyField('yizhan.Place', source_field='place_id', db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.RESTRICT)),
                ('spot', fields.CharField(default='', max_length=100)),
                ('reporter', fields.ForeignKeyField('yizhan.Account', source_field='reporter_id', null=True, db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.RESTRICT)),
                ('guest_name', fields.CharField(default='', max_length=50)),
                ('guest_phone', fields.CharField(default='', max_length=11)),
                ('scope_path', fields.CharField(db_index=True, max_length=255)),
                ('station_path', fields.CharField(default='', db_index=True, max_length=255)),
                ('status', fields.CharEnumField(default=ReportStatus.SUBMITTED, db_index=True, description='SUBMITTED: submitted\nVERIFIED: verified\nASSIGNED: assigned\nRESOLVED: resolved\nCLOSED: closed\nREJECTED: rejected\nDUPLICATE: duplicate\nREOPENED: reopened', enum_type=ReportStatus, max_length=20)),
                ('idempotency_key', fields.CharField(unique=True, max_length=64)),
                ('assigned_company', fields.ForeignKeyField('yizhan.OrgNode', source_field='assigned_company_id', null=True, db_constraint=True, to_field='id', related_name='assigned_reports', on_delete=OnDelete.RESTRICT)),
                ('assigned_department', fields.CharField(default='', max_length=100)),
                ('deadline_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('first_response_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('duplicate_of', fields.ForeignKeyField('yizhan.Report', source_field='duplicate_of_id', null=True, db_constraint=True, to_field='id', related_name='duplicates', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'report', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReportEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('report', fields.ForeignKeyField('yizhan.Report', source_field='report_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('yizhan.Account', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='report_events', on_delete=OnDelete.SET_NULL)),
                ('action', fields.CharField(max_length=20)),
                ('from_status', fields.CharField(max_length=20)),
                ('to_status', fields.CharField(max_length=20)),
                ('note', fields.CharField(default='', max_length=1000)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'report_event', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReportPhoto',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('report', fields.ForeignKeyField('yizhan.Report', source_field='report_id', db_constraint=True, to_field='id', related_name='photos', on_delete=OnDelete.CASCADE)),
                ('stage', fields.CharField(default='before', max_length=10)),
                ('name', fields.CharField(unique=True, max_length=64)),
                ('thumb_name', fields.CharField(unique=True, max_length=64)),
                ('width', fields.IntField()),
                ('height', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'report_photo', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
