class ErrorSummaryMixin:
    """GOV.UK-style error summary: (link, message) pairs in the order of the
    form, each linking to its field (the first option of a radio or checkbox
    group). Errors not tied to a field are listed without a link."""

    def error_summary(self):
        items = []
        for name, errors in self.errors.items():
            href = ""
            if name in self.fields and not self.fields[name].widget.is_hidden:
                field = self[name]
                anchor = field.auto_id
                if field.widget_type in ("radioselect", "checkboxselectmultiple"):
                    anchor = f"{anchor}_0"
                href = f"#{anchor}"
            items.extend((href, message) for message in errors)
        return items
