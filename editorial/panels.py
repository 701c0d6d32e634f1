"""Editor panels that depend on who is editing."""

from wagtail.admin.panels import MultipleChooserPanel, Panel


class StaffMultipleChooserPanel(MultipleChooserPanel):
    """A MultipleChooserPanel for users who may open its chooser. For anyone else the
    page form leaves the panel's formset out (see `PermissionedFormsetsMixin`), and the
    panel is not shown."""

    class BoundPanel(MultipleChooserPanel.BoundPanel):
        def __init__(self, **kwargs):
            form, panel = kwargs["form"], kwargs["panel"]
            self.left_out = form is not None and panel.relation_name not in form.formsets
            if self.left_out:
                # Skip the formset set-up of the panels this one extends: there is no formset.
                Panel.BoundPanel.__init__(self, **kwargs)
            else:
                super().__init__(**kwargs)

        def is_shown(self):
            return not self.left_out and super().is_shown()
