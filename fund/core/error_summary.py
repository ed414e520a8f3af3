class ErrorSummaryMixin:
    """GOV.UK-style error summary: (link, message) pairs in the order of the
    form, each linking to its field (the first option of a radio or checkbox
    group). Errors not tied to a field are listed without a link."""

    def error_summary(self):
        items = []
        # In the order of the page, whenever each error was found; errors
        # about the whole form first.
        place = {name: number for number, name in enumerate(self.fields)}
        for name, errors in sorted(self.errors.items(), key=lambda item: place.get(item[0], -1)):
            href = ""
            if name in self.fields and not self.fields[name].widget.is_hidden:
                field = self[name]
                anchor = field.auto_id
                if field.widget_type in ("radioselect", "checkboxselectmultiple"):
                    anchor = f"{anchor}_0"
                href = f"#{anchor}"
            items.extend((href, message) for message in errors)
        return items
