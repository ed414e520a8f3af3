"""What every admin form that calls one service shares: the error summary,
and turning a service's refusal into form errors."""

from django.contrib import messages
from django.shortcuts import redirect

from fund.core.errors import ServiceError


def error_summary(form, message=""):
    """(text, anchor) pairs for the error summary at the top of a form: the
    service's message first unless a field already says the same."""
    items = []
    for name, errors in form.errors.items():
        anchor = form[name].auto_id if name in form.fields else ""
        items.extend((str(error), anchor) for error in errors)
    if message and str(message) not in {text for text, _anchor in items}:
        items.insert(0, (str(message), ""))
    return items


def add_service_errors(form, error, *, whole_form_message=False):
    """Show a service's refusal on ``form``: each of its messages by the
    field it names (on the whole form if the form has no such field), but
    not by a field the form has already found wrong, whose own error says
    more. A refusal that names no field puts its message on the whole form
    with ``whole_form_message``; otherwise the page shows it in the error
    summary (``error_summary(form, error.message)``)."""
    if whole_form_message and not error.errors:
        form.add_error(None, error.message)
        return
    for name, message in error.errors.items():
        if name in form.fields and name in form.errors:
            continue
        form.add_error(name if name in form.fields else None, message)


class ServiceFormMixin:
    """For a FormView: on a valid form call ``act()`` (one service), show its
    success message and go back to ``inspect_url``; when the service refuses,
    show the form again with its message and field errors."""

    error_message = ""

    def form_valid(self, form):
        try:
            message = self.act(form.cleaned_data)
        except ServiceError as error:
            self.error_message = error.message
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.inspect_url)

    def act(self, data):
        """Call the service; return the success message."""
        raise NotImplementedError
