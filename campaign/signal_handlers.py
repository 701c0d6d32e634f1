"""Keep derived data right when editors rearrange the tree."""

from django.db.models import F
from django.dispatch import receiver

from wagtail.signals import post_page_move

from campaign.models import EventPage


@receiver(post_page_move, sender=EventPage)
def take_new_days_date(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """An event moved to another day happens on that day."""
    if parent_page_before.pk != parent_page_after.pk:
        event = EventPage.objects.get(pk=instance.pk)
        new_date = event.day_date_from_tree()
        if new_date != event.date:
            EventPage.objects.filter(pk=event.pk).update(date=new_date, calendar_sequence=F("calendar_sequence") + 1)
