"""The error every part of a slide card raises when the card cannot be made."""


class SlideError(RuntimeError):
    """A slide card cannot be made; the message is written for a page to show as it is."""
