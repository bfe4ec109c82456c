"""Know when a site breaks: per-site coverage history, drift flags, schema checks.

At the end of every live run :class:`newsbot.monitor.extension.CoverageMonitor`
stores one *row* per site (:mod:`newsbot.monitor.history`: SQLite next to
the seen-store, Redis in distributed mode) and compares it with the site's
recent rows (:mod:`newsbot.monitor.drift`).  A row is a JSON object:

==================  ===========================================================
``run_id``          ``<spider>-<UTC time>-<worker id or pid>``
``spider``, ``site``  spider name and site profile name
``started_at``, ``finished_at``  ISO 8601 UTC; ``finish_reason`` Scrapy's
``items_seen``      items extracted (written + dropped)
``items_written``   items that passed every pipeline
``dropped``         ``{reason: count}`` (the ``newsbot/dropped/<reason>`` stats
                    this site's items raised)
``walls``           ``{kind: count}`` from ``newsbot/wall/<kind>`` (single-site runs)
``fill``            ``{field: share 0..1}`` of items with the field non-empty
``selectors``       ``{field: {selector: pages it filled the field}}`` from the
                    ``parser/<field>/css/<selector>`` stats (``heuristic`` for a
                    body found without a selector)
``selectors_exact`` the counts belong to this site alone (one site in the run)
``days``            ``{YYYY-MM-DD: items written}`` by local publish date
``links_known``     known article links skipped (single-site runs), else null
``drifts``          the flags raised for this row (:class:`~newsbot.monitor.drift.Drift`)
==================  ===========================================================

:mod:`newsbot.monitor.schema` validates records against ``newsbot/schema/newsarticle.schema.json``;
``python -m newsbot.report`` draws the history; :mod:`newsbot.parquet` exports Parquet.
"""
