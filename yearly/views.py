"""The yearly cycle's views: the address that always leads to the current year, and the
admin's "Start next year from this one" and "Years in numbers"."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Site

from campaign.models import CampaignYearPage
from editorial.permissions import has_owner_only_page_rights
from submissions.inbox import neutralise_formula
from yearly.forms import StartNextYearForm
from yearly.new_year import NewYearRefused, may_start_next_year, start_next_year
from yearly.numbers import MEASURES, numbers_for


@require_safe
def current_year(request):
    """/current-year/: the year happening now, else the next to come, else the latest.
    Legacy addresses that meant "this year's campaign" (/coproweekscot/) redirect here, so
    they follow the calendar instead of going stale. Always a temporary redirect."""
    site = Site.find_for_request(request)
    years = CampaignYearPage.objects.live().public()
    if site is not None:
        years = years.descendant_of(site.root_page)
    featured = CampaignYearPage.pick_featured(years.defer_streamfields())
    return redirect(featured.get_url(request) if featured else "/")


class StartNextYearView(WagtailAdminTemplateMixin, FormView):
    """Asks for the new year and its first day, then makes the new year as a draft."""

    form_class = StartNextYearForm
    template_name = "yearly/admin/start_next_year.html"
    page_title = "Start next year"
    header_icon = "calendar"

    def setup(self, request, *args, page_id, **kwargs):
        super().setup(request, *args, **kwargs)
        self.source = get_object_or_404(CampaignYearPage, pk=page_id)

    def dispatch(self, request, *args, **kwargs):
        if not may_start_next_year(request.user, self.source):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"from {self.source.title}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "source": self.source}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            source=self.source,
            action_url=self.request.path,
            submit_button_label="Start the new year as a draft",
            submit_button_active_label="Starting…",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            made = start_next_year(
                self.source,
                year=form.cleaned_data["year"],
                start_date=form.cleaned_data["start_date"],
                user=self.request.user,
            )
        except NewYearRefused as refusal:
            for name, message in refusal.errors.items():
                form.add_error(name, message)
            return self.form_invalid(form)
        edit_url = reverse("wagtailadmin_pages:edit", args=[made.page.pk])
        messages.success(self.request, made.summary(), buttons=[messages.button(edit_url, "Edit the year")])
        for note in made.warnings():
            messages.warning(self.request, note)
        return redirect("wagtailadmin_explore", made.page.pk)


class YearsInNumbersView(WagtailAdminTemplateMixin, TemplateView):
    """Every year side by side: the numbers each year page shows, counted from the content.
    `?format=csv` downloads the same table."""

    template_name = "yearly/admin/years_in_numbers.html"
    page_title = "Years in numbers"
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        # Staff who look after the whole site, as for Wagtail's own reports.
        if has_owner_only_page_rights(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def columns(self):
        years = CampaignYearPage.objects.defer_streamfields().order_by("year")
        return numbers_for(years)

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.csv_response(self.columns())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        columns = self.columns()
        rows = [(label, [getattr(numbers, name) for numbers in columns]) for name, label, _ in MEASURES]
        return super().get_context_data(
            columns=columns,
            rows=rows,
            measures=MEASURES,
            csv_url=f"{self.request.path}?format=csv",
            **kwargs,
        )

    def csv_response(self, columns):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"coproweek-years-in-numbers-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow(["", *(numbers.year.year for numbers in columns)])
        writer.writerow(["Title", *(neutralise_formula(numbers.year.title) for numbers in columns)])
        writer.writerow(["Dates", *(numbers.year.dates_in_words for numbers in columns)])
        writer.writerow(["Status", *(numbers.status_label for numbers in columns)])
        for name, label, _ in MEASURES:
            writer.writerow([label, *(getattr(numbers, name) for numbers in columns)])
        return response
