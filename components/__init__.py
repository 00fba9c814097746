"""Streamlit-side building blocks of the dashboard.

* data.py      -- the one place of caching: Store resource, cached loaders, invalidate()
* filters.py   -- keyed sidebar widgets (district filter bound to the URL, indicator/period ...)
* upload.py    -- the article upload flow (pure analyse/save functions + the page widget)
* evidence.py  -- article text with the evidence sentence highlighted (escaped)
* theme.py, transforms.py, charts.py, export.py, downloads.py -- chart/table layer
"""
