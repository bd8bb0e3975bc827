from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "putright.letters"
    label = "letters"
    verbose_name = "Letters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from putright.complaints.services import told_another_way
        from putright.letters.services import keep_response_date_in_text_sent

        # an acknowledgement sent another way: the response date its text gave is kept, as a letter's is
        told_another_way.connect(
            keep_response_date_in_text_sent, dispatch_uid="letters.response_date_in_text_sent"
        )
