from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from server.locations.models import PlaceKind
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Place',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='RIDER_STATION: rider_station\nDRIVERS_HOME: drivers_home\nUNION_STATION: union_station\nOUTDOOR_WORKERS: outdoor_workers\nCOMPOUND: compound\nBUILDING: building\nDELIVERY_STATION: delivery_station\nCOMMUNITY_CENTRE: community_centre\nOTHER: other', enum_type=PlaceKind, max_length=20)),
                ('name', fields.CharField(max_length=100)),
                ('name_ug', fields.CharField(null=True, max_length=150)),
                ('name_en', fields.CharField(null=True, max_length=150)),
                ('address', fields.CharField(default='', max_length=200)),
                ('community', fields.ForeignKeyField('yizhan.OrgNode', source_field='community_id', db_constraint=True, to_field='id', related_name='places', on_delete=OnDelete.RESTRICT)),
                ('station', fields.ForeignKeyField('yizhan.OrgNode', source_field='station_id', null=True, db_constraint=True, to_field='id', related_name='station_places', on_delete=OnDelete.RESTRICT)),
                ('scope_path', fields.CharField(db_index=True, max_length=255)),
                ('latitude', fields.FloatField(null=True, db_index=True)),
                ('longitude', fields.FloatField(null=True)),
                ('phone', fields.CharField(default='', max_length=20)),
                ('amenities', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('hours', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'place', 'app': 'yizhan', 'unique_together': (('community', 'name'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlaceCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('place', fields.ForeignKeyField('yizhan.Place', source_field='place_id', db_constraint=True, to_field='id', related_name='codes', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('retired_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'place_code', 'app': 'yizhan', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
