"""HTML → NewsArticle extraction, one declarative spec per CMS family."""
