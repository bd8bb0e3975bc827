from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "putright.letters"
    label = "letters"
    verbose_name = "Letters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from putright.complaints.services import checking_fields, told_another_way
        from putright.letters.services import fields_no_letter_can_say, keep_response_date_in_text_sent

        # a step's fields its letter could never say ("[TBC]"; a route without the Ombudsman's
        # details), refused at every door with the Code's own refusals
        checking_fields.connect(fields_no_letter_can_say, dispatch_uid="letters.fields_no_letter_can_say")

        # an acknowledgement sent another way: the response date its text gave is kept, as a letter's is
        told_another_way.connect(
            keep_response_date_in_text_sent, dispatch_uid="letters.response_date_in_text_sent"
        )
