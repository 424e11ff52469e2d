"""Early ends record who initiated them and to whom notice was given (Labour Code art. 351.8
part 3); order numbers run per register, the index kinds share, the kinds without one the
general register (GOST R 7.0.97, issue 13).

The counters of kinds that share an index merge into one per issuer, index and year, keeping
the highest number used, so no number already printed is given again. Orders signed before
keep their kind as their register: their numbers were unique per kind and stay as printed.
Reversible: the reverse splits each shared counter back into one per kind (each with the
shared last number, so none is reused) and drops the new fields.
"""

from django.conf import settings
from django.db import migrations, models


def _register(kind):
    return settings.ORDER_NUMBER_INDEXES.get(kind, "")


def merge_counters(apps, schema_editor):
    Order = apps.get_model("workflows", "Order")
    OrderCounter = apps.get_model("workflows", "OrderCounter")
    Order.objects.filter(number__isnull=False).update(register=models.F("kind"))
    merged = {}
    for counter in OrderCounter.objects.order_by("pk"):
        key = (counter.issuer_id, _register(counter.register), counter.year)
        kept = merged.get(key)
        if kept is None:
            merged[key] = counter
            continue
        kept.last_number = max(kept.last_number, counter.last_number)
        counter.delete()
    for (_issuer, register, _year), counter in merged.items():
        counter.register = register
        counter.save(update_fields=["register", "last_number"])


def split_counters(apps, schema_editor):
    Order = apps.get_model("workflows", "Order")
    OrderCounter = apps.get_model("workflows", "OrderCounter")
    kinds_of = {}
    for kind in Order._meta.get_field("kind").choices:
        kinds_of.setdefault(_register(kind[0]), []).append(kind[0])
    for counter in list(OrderCounter.objects.all()):
        kinds = kinds_of[counter.register]
        counter.register = kinds[0]
        counter.save(update_fields=["register"])
        for kind in kinds[1:]:
            OrderCounter.objects.create(
                issuer_id=counter.issuer_id,
                register=kind,
                year=counter.year,
                last_number=counter.last_number,
            )


class Migration(migrations.Migration):
    dependencies = [("workflows", "0010_registry_trigram_search_indexes")]

    operations = [
        migrations.RemoveConstraint(model_name="ordercounter", name="one_counter_per_register"),
        migrations.RemoveConstraint(model_name="order", name="order_number_unique_per_register"),
        migrations.RenameField(model_name="ordercounter", old_name="kind", new_name="register"),
        migrations.AlterField(
            model_name="ordercounter",
            name="register",
            field=models.CharField(max_length=32),
        ),
    ]
    for model_name in ("order", "historicalorder"):
        operations += [
            migrations.AddField(
                model_name=model_name,
                name="initiated_by",
                field=models.CharField(
                    blank=True,
                    choices=[
                        ("mentor", "The mentor refuses to mentor"),
                        ("employer", "The employer cancels the assignment"),
                    ],
                    max_length=16,
                    verbose_name="the early end is initiated by",
                ),
            ),
            migrations.AddField(
                model_name=model_name,
                name="notice_given_to",
                field=models.CharField(blank=True, max_length=255, verbose_name="notice given to"),
            ),
            migrations.AddField(
                model_name=model_name,
                name="register",
                field=models.CharField(blank=True, max_length=32, verbose_name="register"),
            ),
            migrations.AlterField(
                model_name=model_name,
                name="effective_on",
                field=models.DateField(blank=True, null=True, verbose_name="last day of mentoring"),
            ),
        ]
    operations += [
        migrations.RunPython(merge_counters, split_counters),
        migrations.AddConstraint(
            model_name="ordercounter",
            constraint=models.UniqueConstraint(
                fields=("issuer", "register", "year"), name="one_counter_per_register"
            ),
        ),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.UniqueConstraint(
                fields=("issuer", "register", "year", "number"),
                name="order_number_unique_per_register",
            ),
        ),
    ]
