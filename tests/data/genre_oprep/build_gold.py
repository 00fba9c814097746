"""Hand annotation of the operation-report test set (county/district 经济运行情况, 统计月报 text, Simplified
script; written by reading the texts before the parser was run on them): writes gold.jsonl and gold_projects.jsonl
beside this file.

Format: the eval kit's (/work/shared/eval/README.md): article, region, subject, indicator, aliases, year, month_from,
month_to, value, unit, yoy_pct, tier, quote; projects: article, region, name, keys, tier, investment_yi, status.
Tier 1: region-wide headline statistics; tier 2: subject-level figures, region-wide counts and amounts;
tier 3: numbers that may be extracted or not (shares, percentage-point changes, absolute changes, ...).
Year-end or month-end stocks carry month_to only (month_from null): they are not flows over a range.
Run ``python tests/data/genre_oprep/build_gold.py``; it checks that every quote occurs in its article.
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent

# alias sets (canonical names of parsers/data/indicators.csv first)
GDP = ["地区生产总值", "生产总值", "GDP", "经济总量"]
P1, P2, P3 = (["第一产业增加值", "第一产业"], ["第二产业增加值", "第二产业"], ["第三产业增加值", "第三产业"])
IVA = ["规上工业增加值", "规模以上工业增加值", "工业增加值"]
IOUT = ["规上工业产值", "规模以上工业产值", "规上工业总产值", "规模以上工业总产值", "工业产值", "工业总产值"]
FAI = ["固定资产投资", "全社会固定资产投资", "固投"]
IND_INV = ["工业固定资产投资", "工业投资"]
RETAIL = ["社零总额", "社会消费品零售总额", "社零额", "社会消费品零售额"]
LRETAIL = ["限上社零额", "限额以上社会消费品零售额", "限上社会消费品零售额", "限上社零", "限上消费品零售额",
           "限额以上单位消费品零售额", "限额以上消费品零售额"]
SERV = ["规上服务业营业收入", "规模以上服务业营业收入", "规上服务业营收", "服务业营业收入", "服务业营收"]
FISC = ["一般公共预算收入", "地方财政收入", "财政收入", "地方级收入", "一般预算收入"]
TAX = ["税收收入", "税收"]
EXPEND = ["一般公共预算支出", "财政支出"]
DEP = ["金融机构存款余额", "存款余额"]
LOAN = ["金融机构贷款余额", "贷款余额"]
INC = ["居民人均可支配收入", "全体居民人均可支配收入", "人均可支配收入"]
INC_U = ["城镇居民人均可支配收入", "城镇常住居民人均可支配收入"]
INC_R = ["农村居民人均可支配收入", "农村常住居民人均可支配收入", "农民人均可支配收入"]
TRADE = ["进出口总额", "外贸进出口总额", "进出口额", "外贸进出口"]
EXPORT, IMPORT = ["出口额", "出口总额"], ["进口额", "进口总额"]
CPI = ["居民消费价格指数", "CPI", "居民消费价格"]
PPI = ["工业生产者出厂价格指数", "工业生产者出厂价格", "出厂价格", "PPI"]
GRAIN = ["粮食产量", "粮食总产量", "粮食"]
SHARE = ["比重", "占比", "占"]
CHANGE = ["增加", "增量", "减少", "比年初", "净增"]
ANY = ["*"]
NEW_FIRMS = ["新增规上工业企业", "新增规模以上工业企业", "新增规上企业", "规上工业企业", "规模以上工业企业"]
PROFIT = ["规上工业利润", "利润总额", "利润"]
IREV = ["规上工业营业收入", "规模以上工业营业收入", "规模以上工业企业营业收入", "营业收入"]
INFRA = ["基础设施投资", "基础设施"]
REALTY = ["房地产开发投资", "房地产投资"]
TECH_INV = ["技改投资", "技术改造投资", "工业技改投资"]

FIRMS = ["规上工业企业", "规模以上工业企业", "工业企业", "企业数", "企业"]
CONSTR = ["资质以上建筑业产值", "建筑业产值", "建筑业总产值", "资质以上建筑业", "总产值"]
URBAN_RETAIL = ["城镇消费品零售额", "城镇"]
RURAL_RETAIL = ["乡村消费品零售额", "乡村"]

ARTICLES = {  # file -> (region, year, month_from, month_to) of the article's own period
    "01_luyi_1to7.txt": ("鹿邑县", 2025, 1, 7),
    "02_bishan_1to7.txt": ("璧山区", 2025, 1, 7),
    "03_zhijiang_h1.txt": ("枝江市", 2025, 1, 6),
    "04_jianan_monthly.txt": ("建安区", 2025, 1, 8),
    "05_dianjiang_q3.txt": ("垫江县", 2025, 1, 9),
    "06_huoqiu_1to5.txt": ("霍邱县", 2025, 1, 5),
}
ROWS: list[dict] = []
PROJECTS: list[dict] = []
_cur: dict = {}


def article(name):
    _cur.clear()
    _cur.update(zip(("article", "region", "year", "month_from", "month_to"), (name, *ARTICLES[name])))


STOCK = "stock"   # months=STOCK: a stock at the end of the article's period (month_to only)
NONE = "none"     # months=NONE: no month range (an annual plan, a capacity, a target)


def f(tier, indicator, aliases, value=None, unit=None, yoy=None, quote="", subject="", region=None,
      months=None, year=None):
    mf, mt = _cur["month_from"], _cur["month_to"]
    if months == STOCK:
        mf = None
    elif months == NONE:
        mf = mt = None
    elif months is not None:
        mf, mt = months
    ROWS.append(dict(article=_cur["article"], region=region or _cur["region"], subject=subject,
                     indicator=indicator, aliases=aliases, year=year or _cur["year"], month_from=mf,
                     month_to=mt, value=value, unit=unit, yoy_pct=yoy, tier=tier, quote=quote))


def p(tier, name, keys, investment=None, status=None, region=None):
    PROJECTS.append(dict(article=_cur["article"], region=region or _cur["region"], name=name, keys=keys,
                         tier=tier, investment_yi=investment, status=status))


# --- 01 a Henan county, 1-7月: the year only in the title, 万元 amounts, 其中：重工业…轻工业…, a 分别 list of
#     three industries with a negative rate, 城乡居民…分别为 X元和Y元 for the half year ---
article("01_luyi_1to7.txt")
H1 = (1, 6)
f(1, "规上工业增加值", IVA, None, None, 6.8, "全县规模以上工业增加值同比增长6.8%")
f(3, "规上工业增加值", ANY, 0.5, "个百分点", None, "增速比上半年加快0.5个百分点")
f(1, "规上工业产值", IOUT, 1684326, "万元", 7.1, "规模以上工业总产值完成1684326万元，同比增长7.1%")
f(2, "产值", ["重工业"], 612430, "万元", 4.2, "重工业产值完成612430万元，增长4.2%", subject="重工业")
f(2, "产值", ["轻工业"], 1071896, "万元", 8.9, "轻工业产值完成1071896万元，增长8.9%", subject="轻工业")
f(2, "规上工业企业", FIRMS, 143, "家", None, "全县规模以上工业企业达到143家", months=STOCK)
f(3, "规上工业企业增加", CHANGE, 9, "家", None, "比上年同期增加9家", months=STOCK)
Q = "食品制造业、纺织服装业、化学原料和化学制品制造业产值分别增长12.6%、5.3%和-3.8%"
f(2, "产值", ["食品制造"], None, None, 12.6, Q, subject="食品制造业")
f(2, "产值", ["纺织服装"], None, None, 5.3, Q, subject="纺织服装业")
f(2, "产值", ["化学原料"], None, None, -3.8, Q, subject="化学原料和化学制品制造业")
f(1, "固定资产投资", FAI, None, None, 4.6, "全县固定资产投资同比增长4.6%")
f(3, "固定资产投资", ANY, 1.2, "个百分点", None, "增速比上年同期回落1.2个百分点")
f(2, "工业投资", IND_INV, None, None, 15.3, "工业投资增长15.3%")
f(2, "房地产开发投资", REALTY, None, None, -9.7, "房地产开发投资下降9.7%")
f(2, "在建项目", ["在建项目", "亿元以上", "项目"], 87, "个", None, "全县亿元以上在建项目87个")
f(2, "项目投资", ["项目投资", "完成投资", "在建项目", "投资"], None, None, 8.2, "完成投资增长8.2%")
f(1, "社零总额", RETAIL, 981652, "万元", 5.7, "全县社会消费品零售总额完成981652万元，同比增长5.7%")
f(2, "城镇消费品零售额", URBAN_RETAIL, 728904, "万元", 5.2, "城镇消费品零售额728904万元，增长5.2%")
f(2, "乡村消费品零售额", RURAL_RETAIL, 252748, "万元", 7.1, "乡村消费品零售额252748万元，增长7.1%")
f(1, "一般公共预算收入", FISC, 86432, "万元", 3.9, "全县一般公共预算收入完成86432万元，同比增长3.9%")
f(2, "税收收入", TAX, 52187, "万元", 2.4, "其中税收收入完成52187万元，增长2.4%")
f(3, "税收占比", SHARE + TAX, 60.4, "%", None, "税收占比为60.4%")
f(2, "一般公共预算支出", EXPEND, 412865, "万元", 6.3, "一般公共预算支出完成412865万元，增长6.3%")
f(2, "金融机构存款余额", DEP, 5126738, "万元", 9.2, "全县金融机构各项存款余额5126738万元，比年初增加386512万元，同比增长9.2%", months=STOCK)
f(3, "存款余额比年初增加", CHANGE, 386512, "万元", None, "比年初增加386512万元", months=STOCK)
f(2, "金融机构贷款余额", LOAN, 2983461, "万元", 11.5, "各项贷款余额2983461万元，同比增长11.5%", months=STOCK)
Q = "全县城乡居民人均可支配收入分别为28461元和14873元，分别增长4.3%和6.6%"
f(2, "城镇居民人均可支配收入", INC_U, 28461, "元", 4.3, Q, months=H1)
f(2, "农村居民人均可支配收入", INC_R, 14873, "元", 6.6, Q, months=H1)

# --- 02 a Chongqing district, 1~7月 with half-width punctuation: 分别完成 X万元、Y万元和Z万元 over industry
#     divisions, a 分别增长 list over investment fields, the service sector at 1~6月, a 附注 threshold (no figure) ---
article("02_bishan_1to7.txt")
f(1, "规上工业产值", IOUT, 3285174, "万元", 9.6, "全区规模以上工业总产值完成3285174万元,同比增长9.6%")
f(1, "规上工业增加值", IVA, None, None, 8.4, "规模以上工业增加值同比增长8.4%")
Q = "采矿业、制造业和电力热力燃气及水生产和供应业产值分别完成42156万元、3106832万元和136186万元"
f(2, "产值", ["采矿业"], 42156, "万元", None, Q, subject="采矿业")
f(2, "产值", ["制造业"], 3106832, "万元", None, Q, subject="制造业")
f(2, "产值", ["电力热力", "电力"], 136186, "万元", None, Q, subject="电力热力燃气及水生产和供应业")
f(2, "规上工业企业", FIRMS, 386, "家", None, "全区规模以上工业企业达到386家", months=STOCK)
f(2, "产值", ["智能装备"], 812346, "万元", 14.2, "智能装备产业实现产值812346万元,增长14.2%", subject="智能装备产业")
f(2, "产值", ["新能源汽车"], 1026418, "万元", 21.7, "新能源汽车及零部件产业实现产值1026418万元,增长21.7%",
  subject="新能源汽车及零部件产业")
f(1, "固定资产投资", FAI, None, None, 3.8, "全区固定资产投资同比增长3.8%")
f(3, "固定资产投资", ANY, 0.6, "个百分点", None, "增速比1~6月提高0.6个百分点")
Q = "工业投资、基础设施投资、房地产开发投资分别增长12.4%、5.1%和-14.6%"
f(2, "工业投资", IND_INV, None, None, 12.4, Q)
f(2, "基础设施投资", INFRA, None, None, 5.1, Q)
f(2, "房地产开发投资", REALTY, None, None, -14.6, Q)
f(1, "社零总额", RETAIL, 1468257, "万元", 4.9, "全区实现社会消费品零售总额1468257万元,同比增长4.9%")
f(1, "限上社零额", LRETAIL, None, None, 6.3, "限额以上单位消费品零售额增长6.3%")
f(2, "规上服务业营业收入", SERV, 632518, "万元", 7.8, "全区规模以上服务业企业实现营业收入632518万元,同比增长7.8%", months=(1, 6))
f(2, "建筑业产值", CONSTR, 1158632, "万元", 3.6, "全区资质以上建筑业企业完成总产值1158632万元,增长3.6%")
f(3, "新签合同额", ANY, None, None, -6.2, "其中新签合同额同比下降6.2%")
f(1, "一般公共预算收入", FISC, 236418, "万元", 2.7, "全区一般公共预算收入完成236418万元,同比增长2.7%")
f(2, "一般公共预算支出", EXPEND, 468329, "万元", 4.4, "一般公共预算支出完成468329万元,增长4.4%")
f(2, "金融机构存款余额", DEP, 8362145, "万元", 8.1, "全区金融机构本外币存款余额8362145万元,同比增长8.1%", months=STOCK)
f(2, "金融机构贷款余额", LOAN, 9126473, "万元", 10.3, "贷款余额9126473万元,同比增长10.3%", months=STOCK)
f(1, "居民人均可支配收入", INC, 27654, "元", 5.1, "全区居民人均可支配收入27654元,同比增长5.1%", months=(1, 6))
f(2, "城镇居民人均可支配收入", INC_U, 34218, "元", 4.4, "城镇居民人均可支配收入34218元,增长4.4%", months=(1, 6))
f(2, "农村居民人均可支配收入", INC_R, 21376, "元", 6.2, "农村居民人均可支配收入21376元,增长6.2%", months=(1, 6))

# --- 03 a Hubei county-level city, half year: the three industries' values listed, then 分别增长 for all three;
#     a comparison with the parent city (宜昌市); 城镇、农村…分别为 ---
article("03_zhijiang_h1.txt")
f(1, "地区生产总值", GDP, 412.36, "亿元", 6.1, "上半年全市实现地区生产总值412.36亿元，按不变价格计算，同比增长6.1%")
f(3, "地区生产总值", ANY, 0.3, "个百分点", None, "增速比一季度提高0.3个百分点")
Q = "第一产业增加值36.42亿元，第二产业增加值198.75亿元，第三产业增加值177.19亿元，分别增长3.2%、7.4%和5.3%"
f(1, "第一产业增加值", P1, 36.42, "亿元", 3.2, Q)
f(1, "第二产业增加值", P2, 198.75, "亿元", 7.4, Q)
f(1, "第三产业增加值", P3, 177.19, "亿元", 5.3, Q)
f(1, "规上工业增加值", IVA, None, None, 8.2, "全市规模以上工业增加值同比增长8.2%")
f(3, "规上工业增加值", ANY, 1.1, "个百分点", None, "高于宜昌市平均水平1.1个百分点")
f(2, "规上工业营业收入", IREV, 562.8, "亿元", 9.4, "全市规模以上工业企业实现营业收入562.8亿元，增长9.4%")
f(2, "规上工业利润", PROFIT, 31.65, "亿元", 12.7, "实现利润总额31.65亿元，增长12.7%")
f(2, "增加值", ["化工"], None, None, 10.6, "化工行业增加值增长10.6%", subject="化工行业")
f(2, "增加值", ["食品"], None, None, 7.8, "食品行业增长7.8%", subject="食品行业")
f(2, "增加值", ["建材"], None, None, -4.3, "建材行业下降4.3%", subject="建材行业")
f(1, "固定资产投资", FAI, None, None, 7.5, "全市固定资产投资同比增长7.5%")
f(2, "工业投资", IND_INV, None, None, 18.6, "工业投资增长18.6%")
f(3, "比重", ANY, 52.3, "%", None, "占全部投资的比重为52.3%")
f(2, "技改投资", TECH_INV, None, None, 26.4, "技改投资增长26.4%")
f(2, "基础设施投资", INFRA, None, None, 3.1, "基础设施投资增长3.1%")
f(2, "新开工项目", ["新开工项目", "新开工", "开工项目", "项目"], 42, "个", None, "全市新开工亿元以上项目42个")
f(1, "社零总额", RETAIL, 123.47, "亿元", 6.8, "全市社会消费品零售总额123.47亿元，同比增长6.8%")
f(1, "限上社零额", LRETAIL, None, None, 9.2, "限额以上消费品零售额增长9.2%")
f(1, "进出口总额", TRADE, 26.83, "亿元", 15.4, "全市外贸进出口总额26.83亿元，同比增长15.4%")
f(2, "出口额", EXPORT + ["出口"], 21.36, "亿元", 18.2, "其中出口21.36亿元，增长18.2%")
f(1, "一般公共预算收入", FISC, 14.26, "亿元", 5.6, "全市一般公共预算收入完成14.26亿元，同比增长5.6%")
f(2, "税收收入", TAX, 10.18, "亿元", 4.1, "其中税收收入10.18亿元，增长4.1%")
f(1, "居民人均可支配收入", INC, 19836, "元", 6.0, "全市全体居民人均可支配收入19836元，同比增长6.0%")
Q = "城镇、农村居民人均可支配收入分别为25714元和15638元，分别增长5.2%和6.8%"
f(2, "城镇居民人均可支配收入", INC_U, 25714, "元", 5.2, Q)
f(2, "农村居民人均可支配收入", INC_R, 15638, "元", 6.8, Q)

# --- 04 a Henan district's 统计月报: 1至8月, paragraphs led by 工业：/投资：…, 较年初增加, a plain-text table of main
#     indicators after the prose (the table repeats five prose figures and adds 进出口总额) ---
article("04_jianan_monthly.txt")
f(1, "规上工业增加值", IVA, None, None, 7.3, "全区规模以上工业增加值同比增长7.3%")
f(3, "规上工业增加值", ANY, 0.4, "个百分点", None, "较1至7月回落0.4个百分点")
f(3, "工业行业大类", ANY, 38, "个", None, "38个行业大类中有26个行业保持增长")
f(3, "增长行业", ANY, 26, "个", None, "38个行业大类中有26个行业保持增长")
f(2, "增加值", ["发制品"], None, None, 11.8, "发制品行业增加值增长11.8%", subject="发制品行业")
f(2, "增加值", ["装备制造"], None, None, 8.6, "装备制造行业增长8.6%", subject="装备制造行业")
f(2, "增加值", ["建材"], None, None, -5.2, "建材行业下降5.2%", subject="建材行业")
f(1, "固定资产投资", FAI, None, None, 6.2, "全区固定资产投资同比增长6.2%")
f(2, "民间投资", ["民间投资"], None, None, 4.8, "民间投资增长4.8%")
f(2, "工业投资", IND_INV, None, None, 13.9, "工业投资增长13.9%")
f(1, "社零总额", RETAIL, 1327645, "万元", 5.4, "全区社会消费品零售总额完成1327645万元，同比增长5.4%")
f(1, "一般公共预算收入", FISC, 118264, "万元", 3.2, "全区一般公共预算收入完成118264万元，同比增长3.2%")
f(2, "税收收入", TAX, 79315, "万元", 1.8, "其中，税收收入完成79315万元，增长1.8%")
f(2, "金融机构存款余额", DEP, 4218637, "万元", None, "全区金融机构各项存款余额4218637万元", months=STOCK)
f(3, "存款余额比年初增加", CHANGE, 312456, "万元", None, "较年初增加312456万元", months=STOCK)
f(2, "金融机构贷款余额", LOAN, 2864153, "万元", None, "各项贷款余额2864153万元", months=STOCK)
f(3, "贷款余额比年初增加", CHANGE, 198362, "万元", None, "较年初增加198362万元", months=STOCK)
f(1, "进出口总额", TRADE, 186427, "万元", 12.6, "186427        12.6")

# --- 05 a Chongqing county, 前三季度 and 1-9月: GDP and industries, farm output, 其中：重工业…轻工业… growth only,
#     a FAI decline with 降幅收窄, a CPI paragraph (index 100.4, eight categories), 人民币 deposits and loans ---
article("05_dianjiang_q3.txt")
f(1, "地区生产总值", GDP, 412.85, "亿元", 5.8, "全县实现地区生产总值412.85亿元，同比增长5.8%")
f(1, "第一产业增加值", P1, 58.36, "亿元", 4.1, "第一产业增加值58.36亿元，增长4.1%")
f(1, "第二产业增加值", P2, 146.27, "亿元", 6.9, "第二产业增加值146.27亿元，增长6.9%")
f(1, "第三产业增加值", P3, 208.22, "亿元", 5.5, "第三产业增加值208.22亿元，增长5.5%")
f(2, "粮食产量", GRAIN, 32.6, "万吨", 1.4, "全县粮食总产量32.6万吨，同比增长1.4%")
f(2, "生猪出栏", ["生猪出栏", "出栏"], 68.4, "万头", 2.3, "生猪出栏68.4万头，增长2.3%")
f(2, "蔬菜产量", ["蔬菜产量", "蔬菜"], 84.7, "万吨", 3.5, "蔬菜产量84.7万吨，增长3.5%")
f(1, "规上工业增加值", IVA, None, None, 8.7, "全县规模以上工业增加值同比增长8.7%")
f(3, "规上工业增加值", ANY, 1.2, "个百分点", None, "增速比上年同期回落1.2个百分点")
f(1, "规上工业产值", IOUT, 2586341, "万元", 9.1, "规模以上工业总产值完成2586341万元，增长9.1%")
f(2, "产值", ["重工业"], None, None, 10.4, "重工业产值增长10.4%", subject="重工业")
f(2, "产值", ["轻工业"], None, None, 6.3, "轻工业产值增长6.3%", subject="轻工业")
f(1, "固定资产投资", FAI, None, None, -2.4, "全县固定资产投资同比下降2.4%")
f(3, "固定资产投资", ANY, 0.8, "个百分点", None, "降幅比1-8月收窄0.8个百分点")
f(1, "社零总额", RETAIL, 1683527, "万元", 6.1, "社会消费品零售总额完成1683527万元，同比增长6.1%")
f(1, "居民消费价格指数", CPI, None, None, 0.4, "即同比上涨0.4%")
f(3, "居民消费价格指数", ANY, 100.4, None, None, "全县居民消费价格总指数为100.4")
for cat, rate in (("食品烟酒类", 1.2), ("衣着类", 0.8), ("居住类", -0.3), ("生活用品及服务类", 0.5),
                  ("交通通信类", -2.6), ("教育文化娱乐类", 1.1), ("医疗保健类", 0.9), ("其他用品及服务类", -0.7)):
    f(2, "居民消费价格指数", [cat[:-1]], None, None, rate, f"{cat}{'上涨' if rate > 0 else '下降'}{abs(rate)}%", subject=cat)
f(2, "金融机构存款余额", DEP, 7365218, "万元", 8.6, "全县金融机构人民币存款余额7365218万元，比年初增加528364万元，同比增长8.6%", months=STOCK)
f(3, "存款余额比年初增加", CHANGE, 528364, "万元", None, "比年初增加528364万元", months=STOCK)
f(2, "金融机构贷款余额", LOAN, 5432176, "万元", 7.9, "人民币贷款余额5432176万元，比年初增加412587万元，同比增长7.9%", months=STOCK)
f(3, "贷款余额比年初增加", CHANGE, 412587, "万元", None, "比年初增加412587万元", months=STOCK)
f(2, "城镇居民人均可支配收入", INC_U, 35862, "元", 4.5, "全县城镇常住居民人均可支配收入35862元，增长4.5%")
f(2, "农村居民人均可支配收入", INC_R, 17348, "元", 6.4, "农村常住居民人均可支配收入17348元，增长6.4%")

# --- 06 an Anhui county, 1—5月份 with layout noise: lines broken mid-sentence and mid-word, a page number line,
#     a single month (5月份当月), 分别增长 over ownership types, 财政收入 with 地方财政收入 inside, 一季度 incomes ---
article("06_huoqiu_1to5.txt")
f(1, "规上工业增加值", IVA, None, None, 10.2, "全县规模以上工业增加值同比增长10.2%")
f(3, "规上工业增加值", ANY, 2.1, "个百分点", None, "平2.1个百分点")
f(2, "规上工业增加值", IVA, None, None, 11.6, "5月份当月增长11.6%", months=(5, 5))
f(2, "规上工业企业", FIRMS, 218, "家", None, "达到218家", months=STOCK)
f(2, "规上工业营业收入", IREV, 1263548, "万元", 8.8, "实现营业收入1263548万元，同比增长8.8%")
Q = "国有控股企业、股份制企业、私营企业增加值分别增长5.6%、10.8%、12.3%"
f(2, "增加值", ["国有控股"], None, None, 5.6, Q, subject="国有控股企业")
f(2, "增加值", ["股份制"], None, None, 10.8, Q, subject="股份制企业")
f(2, "增加值", ["私营"], None, None, 12.3, Q, subject="私营企业")
f(2, "产量", ["铁精粉"], 286.4, "万吨", 6.7, "铁精粉产量286.4万吨，增长6.7%", subject="铁精粉")
f(2, "产量", ["水泥"], 124.8, "万吨", -8.3, "水泥产量124.8万吨，下降8.3%", subject="水泥")
f(1, "固定资产投资", FAI, None, None, 9.3, "全县固定资产投资同比增长9.3%")
f(3, "固定资产投资", ANY, 1.4, "个百分点", None, "加快1.4个百分")
f(2, "工业投资", IND_INV, None, None, 21.5, "工业投资增长21.5%")
f(3, "比重", ANY, 46.8, "%", None, "占全部投资的46.8%")
f(1, "社零总额", RETAIL, 786213, "万元", 6.5, "全县社会消费品零售总额完成786213万元，同比增长6.5%")
f(1, "限上社零额", LRETAIL, 283562, "万元", 10.4, "消费品零售额283562万元，增长10.4%")
f(1, "财政收入", ["财政收入", "财政总收入", "全口径财政收入", "一般公共预算收入"], 156328, "万元", 4.7,
  "全县财政收入完成156328万元，同比增长4.7%")
f(1, "一般公共预算收入", FISC, 98416, "万元", 3.6, "其中地方财政收入98416万元，\n增长3.6%")
f(2, "金融机构存款余额", DEP, 6248193, "万元", 10.2, "全县金融机构各项存款余额6248193万元，较年初增加452316万元，同比增长10.2%", months=STOCK)
f(3, "存款余额比年初增加", CHANGE, 452316, "万元", None, "较年初增加452316万元", months=STOCK)
f(2, "金融机构贷款余额", LOAN, 4126538, "万元", 13.1, "各项贷款余额4126538万元，同比增长13.1%", months=STOCK)
f(2, "全社会用电量", ["全社会用电量", "用电量"], 8.62, "亿千瓦时", 7.4, "全社会用电量8.62亿千瓦时，同比增长7.4%")
f(2, "工业用电量", ["工业用电量", "用电量"], 4.35, "亿千瓦时", 9.8, "其中工业用电量4.35亿千瓦时，增长9.8%")
f(2, "城镇居民人均可支配收入", INC_U, 11863, "元", 4.2, "全县城镇常住居民人均可支配收入11863元，增长4.2%", months=(1, 3))
f(2, "农村居民人均可支配收入", INC_R, 5968, "元", 6.9, "农村常住居民人均可支配收入5968元，增长6.9%", months=(1, 3))


def check() -> None:
    for rec in ROWS + PROJECTS:
        text = (HERE / rec["article"]).read_text(encoding="utf-8")
        if "quote" in rec:
            assert rec["quote"] in text, (rec["article"], rec["quote"])
            for x in (rec["value"], rec["yoy_pct"]):   # the numbers are read from the quote
                plain = (f"{abs(x):f}".rstrip("0").rstrip(".") or "0") if x is not None else ""  # 3856714, not 3.85671e+06
                assert x is None or f"{abs(x):g}" in rec["quote"] or plain in rec["quote"] \
                    or (x == 0 and "持平" in rec["quote"]), rec
        else:
            assert any(k in text.replace("\n", "") for k in rec["keys"]), (rec["article"], rec["keys"])


def main() -> None:
    check()
    for name, rows in (("gold.jsonl", ROWS), ("gold_projects.jsonl", PROJECTS)):
        with open(HERE / name, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(ROWS)} facts ({sum(r['tier'] <= 2 for r in ROWS)} tier 1-2), {len(PROJECTS)} projects")


if __name__ == "__main__":
    main()
