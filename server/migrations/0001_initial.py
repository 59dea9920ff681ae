from tortoise import migrations
from tortoise.migrations import operations as ops
from server.accounts.models import Role
from server.org.models import NodeKind, Platform
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='OrgNode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='DISTRICT: district\nSTREET: street\nCOMMUNITY: community\nPROPERTY_COMPANY: property_company\nDELIVERY_STATION: delivery_station', enum_type=NodeKind, max_length=20)),
                ('name', fields.CharField(max_length=100)),
                ('name_ug', fields.CharField(null=True, max_length=150)),
                ('name_en', fields.CharField(null=True, max_length=150)),
                ('parent', fields.ForeignKeyField('yizhan.OrgNode', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('path', fields.CharField(default='', db_index=True, max_length=255)),
                ('platform', fields.CharEnumField(null=True, description='MEITUAN: meituan\nELEME: eleme\nSF: sf\nJD: jd\nCAINIAO: cainiao\nDADA: dada\nOTHER: other', enum_type=Platform, max_length=20)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'org_node', 'app': 'yizhan', 'unique_together': (('parent', 'name'),), 'pk_attr': 'id', 'table_description': 'One node of the organisation tree.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Account',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('role', fields.CharEnumField(db_index=True, description='ADMIN: admin\nCOMMUNITY_WORKER: community_worker\nSTATION_HEAD: station_head\nPROPERTY_STAFF: property_staff\nRIDER: rider\nRESIDENT: resident', enum_type=Role, max_length=20)),
                ('name', fields.CharField(max_length=50)),
                ('phone', fields.CharField(null=True, unique=True, max_length=11)),
                ('username', fields.CharField(null=True, unique=True, max_length=32)),
                ('password_hash', fields.CharField(max_length=255)),
                ('scope', fields.ForeignKeyField('yizhan.OrgNode', source_field='scope_id', null=True, db_constraint=True, to_field='id', related_name='accounts', on_delete=OnDelete.RESTRICT)),
                ('is_active', fields.BooleanField(default=True)),
                ('consent_version', fields.CharField(null=True, max_length=20)),
                ('consent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('password_changed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'account', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('account', fields.ForeignKeyField('yizhan.Account', source_field='account_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('user_agent', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'account_session', 'app': 'yizhan', 'pk_attr': 'id', 'table_description': 'A signed-in device. Only the SHA-256 of the cookie token is stored, so a copy of'},
            bases=['Model'],
        ),
    ]
