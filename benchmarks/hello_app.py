"""Baseline for benchmarks/bench_app.py: the smallest Streamlit app with one Plotly chart.

    streamlit run benchmarks/hello_app.py

bench_app.py measures this app in the same run as the dashboard, so "first chart within
1.5x of the hello app" compares like with like on the same machine.
"""
import pandas as pd
import plotly.express as px
import streamlit as st

st.title("hello")
df = pd.DataFrame({"区": ["双阳区", "绿园区", "二道区"], "产值": [120.5, 98.2, 143.0]})
st.plotly_chart(px.bar(df, x="区", y="产值"), key="hello_chart")
