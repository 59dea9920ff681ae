from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('yizhan', '0016_departments')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Report',
            name='first_resolved_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Report',
            name='reopened_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Report',
            name='verified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        # Reports made before these columns: their milestones from the history.
        ops.RunSQL([
            "UPDATE report SET verified_at = (SELECT MIN(e.created_at) FROM report_event e"
            " WHERE e.report_id = report.id AND e.action = 'verify')",
            "UPDATE report SET first_resolved_at = (SELECT MIN(e.created_at) FROM report_event e"
            " WHERE e.report_id = report.id AND e.action = 'resolve')",
            "UPDATE report SET reopened_at = (SELECT MAX(e.created_at) FROM report_event e"
            " WHERE e.report_id = report.id AND e.to_status = 'reopened')",
        ], reverse_sql=[]),
    ]
