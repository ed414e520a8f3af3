#: Call questions are named q_<clean name> in the form, so a question can
#: never replace a core field that happens to have the same name.
QUESTION_PREFIX = "q_"


def question_definitions(call, form_fields=None):
    """A frozen copy of the call's questions, kept with each application.
    Pass ``form_fields`` when they are already loaded."""
    return [
        {
            "clean_name": field.clean_name,
            "label": field.label,
            "field_type": field.field_type,
            "help_text": field.help_text,
            "required": field.required,
            "choices": field.choices,
        }
        for field in (call.get_form_fields() if form_fields is None else form_fields)
    ]
