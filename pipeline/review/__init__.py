"""The review site: an extraction drawn over its pages (``keikaku review``)."""

from keikaku.pipeline.review.site import is_review_site, review_site, write_review_site

__all__ = ["is_review_site", "review_site", "write_review_site"]
