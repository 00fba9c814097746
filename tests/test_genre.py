"""The genre test set: fresh articles of the genre from outside the seeds' city (tests/data/genre).

Twelve articles written for this set (a Jiangsu, a Guangdong and a Heilongjiang prefecture-level city,
two counties, a district whose name several cities share, communiqués with every TAB-table variant, a
price-index release, project round-ups), hand-annotated in ``tests/data/genre/build_gold.py``.

* the gold is well formed and every quote occurs in its article;
* one test per tier-1/2 fact and per tier-1/2 project, parsed with the region of articles.csv and again
  without it (as an upload before the user confirms a region); ids ``<slug>/<indicator>[/<subject>]/<value
  or growth>`` and ``<slug>/project/<name>[/<investment>]``; matching follows the eval kit's scorer
  (tests/accuracy.py) plus the period: year and last month;
* the set-level scores, with floors just under today's measurement.

Facts the parser gets wrong today are in ``KNOWN_FAILURES`` (strict xfail: a fix makes the test XPASS and
fail, so the entry has to go).  Regenerate the list with ``python tests/genre_failures.py``.
"""
from __future__ import annotations

import json
import re

import pytest

from parsers import combine, parse_paths
from parsers.api import read_metadata

import genre_failures as gf
from accuracy import score

FACTS = gf.required_facts()
PROJECTS = gf.required_projects()
FACT_IDS = [i for i, _ in FACTS]
PROJECT_IDS = [i for i, _ in PROJECTS]

# id -> reason, grouped by the failure classes of issue 9.  A plain id fails with and without the region;
# "region:<id>" / "noregion:<id>" fails in that run only.  Measured at the commit that last touched this list.
KNOWN_FAILURES = {
    # places
    'noregion:07_yancheng_cpi/居民消费价格指数/+0.4%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/居民消费价格指数/交通通信类/-2.2%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/居民消费价格指数/医疗保健类/+0.5%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/居民消费价格指数/居住类/-0.3%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/居民消费价格指数/教育文化娱乐类/+1.2%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/居民消费价格指数/猪肉/-6.1%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/居民消费价格指数/生活用品及服务类/+0.9%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/居民消费价格指数/衣着类/+0.7%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/居民消费价格指数/食品烟酒类/+1.6%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/居民消费价格指数/鲜菜/+8.4%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/工业生产者出厂价格指数/-1.7%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/服务价格/+1.1%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/核心CPI/+0.8%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:07_yancheng_cpi/消费品价格/+0.1%': "places: growth attributed to '(no region)', expected '盐城市'",
    'noregion:08_qingyuan_projects/年度计划投资/412.6亿元': "places: value attributed to '(no region)', expected '清远市'",
    'noregion:08_qingyuan_projects/签约金额/98.4亿元': "places: value attributed to '(no region)', expected '清远市'",
    'noregion:08_qingyuan_projects/签约项目/12个': "places: value attributed to '(no region)', expected '清远市'",
    'noregion:08_qingyuan_projects/重点项目/186个': "places: value attributed to '(no region)', expected '清远市'",
    'noregion:08_qingyuan_projects/重点项目完成投资/156.3亿元': "places: value attributed to '(no region)', expected '清远市'",
    'noregion:09_mudanjiang_projects/固定资产投资/+9.2%': "places: growth attributed to '(no region)', expected '牡丹江市'",
    'noregion:09_mudanjiang_projects/工业投资/+18.6%': "places: growth attributed to '(no region)', expected '牡丹江市'",
    'noregion:10_zhanjiang_industry_q1/产值/东海岛石化产业园区/612.8亿元': "places: value attributed to '(no region)', expected '湛江市'; places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/产值/宝钢湛江钢铁/215.3亿元': "places: value attributed to '(no region)', expected '湛江市'; places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/产值/新投产产能项目/23.4亿元': "places: value attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/增加值/央企工业/+5.9%': "places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/增加值/民营工业/+7.3%': "places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/增加值/石化行业/98.4亿元': "places: value attributed to '(no region)', expected '湛江市'; places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/增加值/装备制造行业/36.7亿元': "places: value attributed to '(no region)', expected '湛江市'; places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/增加值/钢铁行业/+8.1%': "places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/工业投资/+14.7%': "places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/工业用电量/42.6亿千瓦时': "places: value attributed to '(no region)', expected '湛江市'; places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/技改投资/+22.6%': "places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/社零总额/356.9亿元': "places: value attributed to '(no region)', expected '湛江市'; places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/营业收入/中科炼化/186.2亿元': "places: value attributed to '(no region)', expected '湛江市'; places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/营业额/住宿餐饮业/56.2亿元': "places: value attributed to '(no region)', expected '湛江市'; places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/规上工业产值/1234.5亿元': "places: value attributed to '(no region)', expected '湛江市'; places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/规上工业增加值/+6.2%': "places: growth attributed to '(no region)', expected '湛江市'",
    'noregion:10_zhanjiang_industry_q1/规上服务业营业收入/203.7亿元': "places: value attributed to '(no region)', expected '湛江市'; places: growth attributed to '(no region)', expected '湛江市'",
    # periods
    '02_xuzhou_gulou_q3/一般公共预算收入/25.7亿元': 'periods: value read as 2025 ?-?, expected 2025 1-9; periods: growth read as 2025 ?-?, expected 2025 1-9',
    '02_xuzhou_gulou_q3/亿元以上重点项目/56个': 'periods: value read as 2025 ?-?, expected 2025 1-9',
    '02_xuzhou_gulou_q3/社零总额/201.4亿元': 'periods: value read as 2025 ?-?, expected 2025 1-9; periods: growth read as 2025 ?-?, expected 2025 1-9',
    '02_xuzhou_gulou_q3/税收收入/21.3亿元': 'periods: value read as 2025 ?-?, expected 2025 1-9',
    '02_xuzhou_gulou_q3/营业额/住宿餐饮业/+7.4%': 'periods: growth read as 2025 ?-?, expected 2025 1-9',
    '02_xuzhou_gulou_q3/规上服务业营业收入/68.4亿元': 'periods: value read as 2025 ?-?, expected 2025 1-9; periods: growth read as 2025 ?-?, expected 2025 1-9',
    '02_xuzhou_gulou_q3/进出口总额/37.6亿元': 'periods: value read as 2025 ?-?, expected 2025 1-9; periods: growth read as 2025 ?-?, expected 2025 1-9',
    '02_xuzhou_gulou_q3/重点项目完成投资/118.6亿元': 'periods: value read as 2025 ?-?, expected 2025 1-9',
    '04_suihua_communique/5G用户/141.3万户': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '04_suihua_communique/互联网宽带接入用户/98.7万户': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '04_suihua_communique/产量/原煤/215.6万吨': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/产量/发电量/62.3亿千瓦时': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/产量/大米/188.4万吨': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/人均地区生产总值/38612元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/全社会用电量/98.6亿千瓦时': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/农业机械总动力/1085.6万千瓦': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '04_suihua_communique/农村居民人均可支配收入/19874元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/地区生产总值/1356.8亿元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/城镇人口/146.9万人': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '04_suihua_communique/城镇化率/41.8%': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '04_suihua_communique/城镇居民人均可支配收入/31256元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/增加值/央企工业/+3.1%': 'periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/增加值/民营工业/+9.4%': 'periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/居民人均可支配收入/24318元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/居民消费价格指数/居住类/+0.8%': 'periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/居民消费价格指数/教育文化娱乐类/+1.9%': 'periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/居民消费价格指数/衣着类/-0.4%': 'periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/居民消费价格指数/食品烟酒类/+2.1%': 'periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/工业用电量/31.2亿千瓦时': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/常住人口/351.4万人': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '04_suihua_communique/移动电话用户/362.5万户': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '04_suihua_communique/第一产业增加值/512.3亿元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/第三产业增加值/626.1亿元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/第二产业增加值/218.4亿元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/粮食产量/1268.5万吨': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/规上工业利润/28.7亿元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/规上工业增加值/+6.8%': 'periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/规上工业营业收入/612.5亿元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/金融机构存款余额/2418.6亿元': "periods: value read as 2025 12-12, expected 2024 ?-12; values: growth read as indicator '末' subject '-'",
    '04_suihua_communique/金融机构贷款余额/1562.4亿元': 'periods: value read as 2025 12-12, expected 2024 ?-12; periods: growth read as 2025 12-12, expected 2024 ?-12',
    '04_suihua_communique/高标准农田/5.3万公顷': 'periods: value read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/一般公共预算收入/38.6亿元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/互联网宽带接入用户/31.8万户': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '06_baoying_communique/产值/新能源产业/186.4亿元': 'periods: value read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/产量/化肥(折纯)/3.42万吨': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/产量/服装/2480万件': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/产量/水泥/186.5万吨': 'periods: value read as 2025 1-12, expected 2024 1-12; tables: growth of the row not extracted',
    '06_baoying_communique/产量/水稻/41.3万吨': 'periods: value read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/农村居民人均可支配收入/28962元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/地区生产总值/865.3亿元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/城镇居民人均可支配收入/45210元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/城镇新增就业/8150人': 'periods: value read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/居民人均可支配收入/35814元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/常住人口/68.9万人': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '06_baoying_communique/户籍人口/85.62万人': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '06_baoying_communique/有线电视用户/12.6万户': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '06_baoying_communique/水产品产量/15.6万吨': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/移动电话用户/92.4万户': 'periods: value read as 2025 12-12, expected 2024 ?-12',
    '06_baoying_communique/税收收入/29.1亿元': 'periods: value read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/粮食产量/62.8万吨': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/规上工业产值/+7.7%': 'periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/规上工业利润/41.6亿元': 'periods: value read as 2025 1-12, expected 2024 1-12; periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/规上工业增加值/+8.1%': 'periods: growth read as 2025 1-12, expected 2024 1-12',
    '06_baoying_communique/金融机构存款余额/912.7亿元': 'periods: value read as 2025 12-12, expected 2024 ?-12; periods: growth read as 2025 12-12, expected 2024 ?-12',
    '06_baoying_communique/金融机构贷款余额/836.2亿元': 'periods: value read as 2025 12-12, expected 2024 ?-12; periods: growth read as 2025 12-12, expected 2024 ?-12',
    '09_mudanjiang_projects/争取中央预算内投资和专项债券资金/38.4亿元': 'periods: value read as 2024 ?-?, expected 2024 1-9; periods: growth read as 2024 ?-?, expected 2024 1-9',
    '09_mudanjiang_projects/开复工项目/212个': 'periods: value read as 2024 ?-?, expected 2024 1-9',
    '09_mudanjiang_projects/新开工亿元以上项目/38个': 'periods: value read as 2024 ?-?, expected 2024 1-9',
    '09_mudanjiang_projects/签约金额/326.5亿元': 'periods: value read as 2024 ?-?, expected 2024 1-9',
    '09_mudanjiang_projects/签约项目/47个': 'periods: value read as 2024 ?-?, expected 2024 1-9',
    '11_yanji_q1/签约金额/58.7亿元': 'periods: value read as 2025 ?-?, expected 2025 1-3',
    '11_yanji_q1/签约项目/31个': 'periods: value read as 2025 ?-?, expected 2025 1-3',
    # values
    '04_suihua_communique/单位地区生产总值能耗/0.58吨标准煤/万元': 'values: value not extracted; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/居民消费价格指数/101.3': 'values: value not extracted; values: growth not extracted',
    '04_suihua_communique/居民消费价格指数/医疗保健类/+0%': 'values: 持平 not read as a growth of 0',
    '04_suihua_communique/工业生产者出厂价格指数/96.2': 'values: value not extracted; values: growth not extracted',
    '04_suihua_communique/旅客周转量/48620万人公里': 'values: value not extracted; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/综合能源消费量/315.2万吨标准煤': 'values: value not extracted; periods: growth read as 2025 1-12, expected 2024 1-12',
    '04_suihua_communique/货物周转量/715300万吨公里': 'values: value not extracted; periods: growth read as 2025 1-12, expected 2024 1-12',
    '05_zhaoqing_tables/金融机构存款余额/4120.5亿元': "values: growth read as indicator '末' subject '-'",
    '07_yancheng_cpi/居民消费价格指数/100.3': 'values: value not extracted; values: growth not extracted',
    '07_yancheng_cpi/居民消费价格指数/其他用品及服务类/+0%': 'values: 持平 not read as a growth of 0',
    '07_yancheng_cpi/工业生产者出厂价格指数/97.6': 'values: value not extracted; values: growth not extracted',
    '07_yancheng_cpi/工业生产者购进价格指数/98.1': 'values: value not extracted; values: growth not extracted',
    '08_qingyuan_projects/产业项目完成投资/71.5亿元': "values: value read as indicator '完成投资' subject '-'; values: growth read as indicator '完成投资' subject '-'",
    '08_qingyuan_projects/民生项目完成投资/23.8亿元': "values: value read as indicator '完成投资' subject '-'; values: growth read as indicator '完成投资' subject '-'",
    # tables
    '04_suihua_communique/产量/白酒(折65度)/1.36万千升': 'tables: value of the row not extracted; periods: growth read as 2025 1-12, expected 2024 1-12',
    '05_zhaoqing_tables/产量/肉类/21.07万吨': 'tables: growth of the row not extracted',
    '05_zhaoqing_tables/增加值/先进制造业/356.8亿元': 'tables: value of the row not extracted',
    '05_zhaoqing_tables/增加值/国有控股企业/120.5亿元': 'tables: value of the row not extracted',
    '05_zhaoqing_tables/增加值/民营企业/498.2亿元': 'tables: value of the row not extracted',
    '05_zhaoqing_tables/增加值/高技术制造业/98.3亿元': 'tables: value of the row not extracted',
    '05_zhaoqing_tables/规上工业增加值/812.4亿元': 'tables: value of the row not extracted',
    '06_baoying_communique/产量/电线电缆(含光缆)/1.85万千米': 'tables: value of the row not extracted; periods: growth read as 2025 1-12, expected 2024 1-12',
    # projects
    '03_huachuan_county/project/东北大米精深加工项目/2.3亿元': "projects: status '竣工', expected '试生产'",
    '03_huachuan_county/project/悦来镇冷链仓储项目/0.65亿元': "projects: status '(none)', expected '主体完工'",
    '08_qingyuan_projects/project/佳纳能源锂电材料扩产项目': 'projects: name not found',
    '08_qingyuan_projects/project/华禹新材料产业园项目/15亿元': "projects: status '(none)', expected '设备安装'",
    '08_qingyuan_projects/project/英德海螺水泥技改项目/23.5亿元': "projects: status '试生产', expected '设备安装'",
    '09_mudanjiang_projects/project/东宁黑木耳精深加工项目/0.56亿元': 'projects: investment None 亿元, expected 0.56',
    '09_mudanjiang_projects/project/穆棱生物质热电联产项目/2.6亿元': "projects: status '在建', expected '设备安装'",
    '11_yanji_q1/project/延边长白山特色食品产业园二期项目/1.2亿元': "projects: status '(none)', expected '设备安装'",
    '12_jiamusi_xiangyang_h1/project/东风路商业街区改造项目/0.35亿元': 'projects: investment None 亿元, expected 0.35',
    '12_jiamusi_xiangyang_h1/project/老工业区厂房改造提升项目/1.5亿元': "projects: status '(none)', expected '设备安装'",
    # subjects
    '01_yangzhou_h1/增加值/化学原料和化学制品制造业/-2.1%': "subjects: growth read with subject '装备制造行业', expected '化学原料和化学制品制造业'",
    '01_yangzhou_h1/增加值/汽车制造业/+12.5%': "subjects: growth read with subject '装备制造行业', expected '汽车制造业'",
    '10_zhanjiang_industry_q1/增加值/农副食品加工业/-1.6%': "subjects: growth read with subject '装备制造行业', expected '农副食品加工业'",
    '11_yanji_q1/规上工业增加值/+6.5%': "subjects: growth read with subject '医药健康产业', expected '(none)'",
}


def _xfail(test_id: str, mode: str):
    reason = KNOWN_FAILURES.get(test_id) or KNOWN_FAILURES.get(f"{mode}:{test_id}")
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _params(items, mode):
    return [pytest.param(g, id=i, marks=_xfail(i, mode)) for i, g in items]


# --- the set itself ---

def test_articles_csv_lists_every_article_with_month_and_region():
    meta = read_metadata(gf.GENRE / "articles.csv")
    files = sorted(p.name for p in gf.GENRE.glob("*.txt"))
    assert sorted(meta) == files and len(files) >= 8
    for m in meta.values():
        assert re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", m.published or ""), m
        assert m.region and re.search(r"(市|区|县|旗)$", m.region), m


@pytest.mark.parametrize("name", sorted(p.name for p in gf.GENRE.glob("*.txt")))
def test_article_is_utf8_text_of_the_genre_length(name):
    text = (gf.GENRE / name).read_text(encoding="utf-8")
    assert 600 <= len(text) <= 2500, len(text)


def test_gold_rows_are_well_formed_and_quoted_verbatim():
    meta = read_metadata(gf.GENRE / "articles.csv")
    keys = ["article", "region", "subject", "indicator", "aliases", "year", "month_from", "month_to", "value",
            "unit", "yoy_pct", "tier", "quote"]
    for g in gf.gold():
        assert list(g) == keys, g
        assert g["article"] in meta and g["tier"] in (1, 2, 3), g
        text = (gf.GENRE / g["article"]).read_text(encoding="utf-8")
        assert g["quote"] and g["quote"] in text, g
        assert g["value"] is not None or g["yoy_pct"] is not None, g
        assert isinstance(g["aliases"], list) and g["aliases"] and all(a for a in g["aliases"]), g
        assert (g["unit"] is None) == (g["value"] is None) or g["indicator"] in ("居民消费价格指数", "工业生产者出厂价格指数",
                                                                                "工业生产者购进价格指数", "三次产业结构"), g
        assert g["year"] in range(2015, 2031), g
        if g["month_to"] is not None:
            assert 1 <= (g["month_from"] or 1) <= g["month_to"] <= 12, g
        if g["tier"] == 1:
            assert not g["subject"] and g["aliases"] != ["*"], g   # tier 1: region-wide, a named indicator


def test_project_gold_is_well_formed():
    meta = read_metadata(gf.GENRE / "articles.csv")
    for g in gf.gold_projects():
        assert list(g) == ["article", "region", "name", "keys", "tier", "investment_yi", "status"], g
        assert g["article"] in meta and g["tier"] in (1, 2, 3) and g["keys"], g
        text = (gf.GENRE / g["article"]).read_text(encoding="utf-8").replace("\n", "")
        assert all(k in text for k in g["keys"]), g


def test_gold_files_are_what_the_annotation_script_writes():
    """gold.jsonl / gold_projects.jsonl are generated by build_gold.py (which also checks the quotes)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("genre_build_gold", gf.GENRE / "build_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.check()
    assert [json.loads(json.dumps(r)) for r in mod.ROWS] == gf.gold()
    assert [json.loads(json.dumps(r)) for r in mod.PROJECTS] == gf.gold_projects()


def test_set_covers_the_genre():
    """The issue's minimum: 8+ texts, each failure class present, every table variant, projects with investments."""
    gold, texts = gf.gold(), {p.name: p.read_text(encoding="utf-8") for p in gf.GENRE.glob("*.txt")}
    joined = "\n".join(texts.values())
    for marker in ("单位：", "(万吨)", "持平", "#", "其中：", "(折纯)", "(含", "以来", "来源：", "日报讯", "摄",
                   "个百分点", "万元", "同比下降", "1-6月", "1~10月", "1至9月"):
        assert marker in joined, marker
    assert sum("\t" in g["quote"] for g in gold) >= 15
    assert {g["unit"] for g in gold} >= {"万吨标准煤", "吨标准煤/万元", "万人公里", "万吨公里", "亿千瓦时", "万千升", "公顷"}
    assert sum(p["investment_yi"] is not None for p in gf.gold_projects()) >= 10
    assert any(g["yoy_pct"] == 0 for g in gold) and any(g["value"] is not None and g["unit"] is None for g in gold)


def test_known_failures_name_existing_tests_and_a_class():
    ids = set(FACT_IDS) | set(PROJECT_IDS)
    for key, reason in KNOWN_FAILURES.items():
        assert key.split(":", 1)[-1] in ids, key
        assert all(part.split(":", 1)[0].strip() in gf.CLASSES for part in reason.split(";")), reason


# --- one test per fact and project ---

def _assert_fact(g, mode):
    problem = gf.fact_problem(g, mode)
    assert problem is None, f"{problem}  «{g['quote']}»"


def _assert_project(g, mode):
    problem = gf.project_problem(g, mode)
    assert problem is None, f"{problem}  ({g['name']})"


@pytest.mark.parametrize("g", _params(FACTS, "region"))
def test_fact_with_region(g):
    _assert_fact(g, "region")


@pytest.mark.parametrize("g", _params(FACTS, "noregion"))
def test_fact_without_region(g):
    _assert_fact(g, "noregion")


@pytest.mark.parametrize("g", _params(PROJECTS, "region"))
def test_project_with_region(g):
    _assert_project(g, "region")


@pytest.mark.parametrize("g", _params(PROJECTS, "noregion"))
def test_project_without_region(g):
    _assert_project(g, "noregion")


# --- the set-level score ---

# metric -> (floor, measured): the measurement less about 0.02 (about four facts of ~220); for projects (25) the
# floors sit just under the measurement, so one lost project or one more wrong one fails.  Measured at the commit
# that added this set (the eval kit's score.py on `python -m parsers build tests/data/genre` gives the same).
FLOORS = {
    "recall_t1": (0.935, 0.955),
    "recall_t12": (0.895, 0.914),
    "precision": (0.945, 0.967),
    "f1": (0.92, 0.940),
    "year_acc": (0.7, 0.722),
    "month_acc": (0.875, 0.893),
    "project_recall": (0.96, 0.967),
    "project_precision": (0.89, 0.906),
    "project_investment_acc": (0.87, 0.882),
}
FLOORS_WITHOUT_REGION = {      # the same articles parsed without articles.csv's region (published kept)
    "recall_t1": (0.855, 0.874),
    "recall_t12": (0.745, 0.762),
    "precision": (0.745, 0.765),
    "f1": (0.745, 0.764),
    "month_acc": (0.875, 0.895),
    "project_recall": (0.96, 0.967),
}


def _set_scores(with_region: bool):
    meta = read_metadata(gf.GENRE / "articles.csv")
    if not with_region:
        from parsers.api import ArticleMeta
        meta = {k: ArticleMeta(k, m.published, None) for k, m in meta.items()}
    ind, prj = combine(parse_paths(sorted(gf.GENRE.glob("*.txt")), metadata=meta))
    return score(ind, prj, gf.gold(), gf.gold_projects())


def _report(s, label):
    print(f"\ngenre set {label}: F1={s.f1:.3f} recall_t1={s.recall_t1:.3f} recall_t12={s.recall_t12:.3f} "
          f"precision={s.precision:.3f} year={s.year_acc:.3f} months={s.month_acc:.3f} subject={s.subject_acc:.3f} | "
          f"projects recall={s.project_recall:.3f} precision={s.project_precision:.3f} "
          f"investment={s.project_investment_acc:.3f} region={s.project_region_acc:.3f}")


@pytest.fixture(scope="module")
def set_scores():
    return _set_scores(True)


@pytest.fixture(scope="module")
def set_scores_without_region():
    return _set_scores(False)


def test_set_level_scores_hold(set_scores):
    _report(set_scores, "with regions")
    low = {m: getattr(set_scores, m) for m, (floor, _) in FLOORS.items() if getattr(set_scores, m) < floor}
    assert not low, (low, "missed:", set_scores.misses, "matching nothing:", set_scores.extras)


def test_set_level_scores_without_region_hold(set_scores_without_region):
    _report(set_scores_without_region, "without regions")
    s = set_scores_without_region
    low = {m: getattr(s, m) for m, (floor, _) in FLOORS_WITHOUT_REGION.items() if getattr(s, m) < floor}
    assert not low, (low, "missed:", s.misses)
