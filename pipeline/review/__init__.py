"""The review site: an extraction drawn over its pages (``keikaku review``)."""

from keikaku.pipeline.review.site import review_site, write_review_site

__all__ = ["review_site", "write_review_site"]
