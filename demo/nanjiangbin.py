"""The Nanjiangbin belt (南江滨“两新”党建示范带) of Cangshan District, as the committee's visit report gives it.

The belt's theme and principles, the sites' positioning, introduction, construction
status and experience, the projects' descriptions and delay reason, the activities'
descriptions and the inspection's summary, guidance and per-site notes are copied
verbatim from the visit report (``shared/seed/nanjiangbin-belt-report.txt``;
``tests/demo`` checks it). Titles, tasks and progress notes are phrased from it.
Figures the report does not give are left blank (``None`` or ``""``) rather than
invented; the few values a working demo needs and the report cannot supply
(percentages, completion days, the district's answers) are marked ``# demo``.

The report gives months and days without a year. Dates are therefore written as
specifications that :mod:`demo.loader` anchors to the day the demo is loaded:
``ReportDay`` is a day of the report's year, ``DaysAfterAsOf`` and
``MonthEndAfterAsOf`` count from the as-of date. A month given as a deadline
("6月份完工") is its last day; a month given as a founding date ("2020年4月") is its
first day, as the model's help text asks.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from belts.choices import BeltStatus
from inspections.choices import FollowUpStatus
from sites.choices import OrganizationKind, PartyOrganizationKind, ProjectStatus, SiteStatus


@dataclass(frozen=True)
class ReportDay:
    """A day of the report's year. ``not_after_as_of`` keeps a past event from landing after the as-of date."""

    month: int
    day: int
    not_after_as_of: bool = False


@dataclass(frozen=True)
class ReportMoment:
    """A time of day on a day of the report's year, in the portal's time zone."""

    month: int
    day: int
    hour: int
    minute: int = 0


@dataclass(frozen=True)
class DaysAfterAsOf:
    """``days`` days after the as-of date."""

    days: int


@dataclass(frozen=True)
class MonthEndAfterAsOf:
    """The last day of the month ``months`` months after the as-of date's month."""

    months: int


VISIT_DAY = ReportDay(4, 8)  # report: 4月8日
JUNE_DEADLINE = ReportDay(6, 30)  # report: 预计(今年)6月份完工

DISTRICT = {"code": "350104", "name": "仓山区"}

BELT = {
    "slug": "nanjiangbin",
    "name": "南江滨“两新”党建示范带",
    "theme": (
        "近年来,仓山区坚持把党建示范带建设作为深化“红色领航”工程、夯实基层党建基础、激发基层党建活力的重要抓手,"
        "按照“典型引路、整体推进、带动一片、辐射周边”的原则,以“发挥作用、推动发展、体现特色”为关键,务实推动南江滨“两新”"
        "党建示范带建设,逐渐呈现群星璀璨之势,不断取得实实在在的成效。"
    ),
    "principles": "按照“典型引路、整体推进、带动一片、辐射周边”的原则,以“发挥作用、推动发展、体现特色”为关键",
    "status": BeltStatus.UNDER_CONSTRUCTION,
    "target_year": None,  # not in the report
    "published": True,
}

# Host organisations with their party organisations. Unknown founding dates and
# member counts stay None; the report names no party organisation for 浦江社区.
ORGANIZATIONS = [
    {
        "name": "福州非物质文化遗产保护和传承联盟",
        "kind": OrganizationKind.SOCIAL_ORGANIZATION,
        "party_org_name": "联盟党支部",
        "party_org_kind": PartyOrganizationKind.EMBEDDED_BRANCH,  # report: 为兼合式党支部
        "party_org_founded": datetime.date(2020, 4, 1),  # report: 于2020年4月……成立
    },
    {
        "name": "福建春天影城有限公司",
        "kind": OrganizationKind.NON_PUBLIC_ENTERPRISE,
        "party_org_name": "影城党支部",
        "party_org_kind": PartyOrganizationKind.BRANCH,
        "party_org_founded": datetime.date(2019, 12, 1),  # report: 成立于2019年12月
    },
    {
        "name": "浦江社区",
        "kind": OrganizationKind.COMMUNITY,
        "party_org_name": "",
        "party_org_kind": "",
        "party_org_founded": None,
    },
    {
        "name": "福建华威集团",
        "kind": OrganizationKind.NON_PUBLIC_ENTERPRISE,
        "party_org_name": "集团党委",
        "party_org_kind": PartyOrganizationKind.COMMITTEE,
        "party_org_founded": datetime.date(1999, 7, 1),  # report: 成立于1999年7月
    },
    {
        "name": "悦享青少年活动中心",
        "kind": OrganizationKind.SOCIAL_ORGANIZATION,
        "party_org_name": "悦享青少年活动中心党支部",
        "party_org_kind": PartyOrganizationKind.BRANCH,
        "party_org_founded": None,  # report: 自成立以来, no date
    },
    {
        "name": "三盛集团",
        "kind": OrganizationKind.NON_PUBLIC_ENTERPRISE,
        "party_org_name": "三盛集团党委",
        "party_org_kind": PartyOrganizationKind.COMMITTEE,
        "party_org_founded": None,
    },
    {
        "name": "福州市山水境文化传播有限公司",
        "kind": OrganizationKind.NON_PUBLIC_ENTERPRISE,
        # report: 体验馆……并成立党组织 -- it does not say which kind of party organisation.
        "party_org_name": "体验馆党组织",
        "party_org_kind": "",
        "party_org_founded": None,
    },
    {
        # It builds and runs the 互联网小镇 park, but is itself an enterprise.
        "name": "福建飞客科技有限公司",
        "kind": OrganizationKind.NON_PUBLIC_ENTERPRISE,
        "party_org_name": "福建飞客科技有限公司党支部",
        "party_org_kind": PartyOrganizationKind.BRANCH,
        "party_org_founded": datetime.date(2018, 10, 1),  # report: 成立于2018年10月
    },
]

# The eight bead sites in the report's order. Coordinates are APPROXIMATE WGS-84
# points placed by hand along the south bank of the Min River in Cangshan (the
# report gives none); each site is loaded with location_approximate=True until
# someone checks it on site. Addresses are only the places the report names.
SITES = [
    {
        "sequence": 1,
        "name": "福州非物质文化遗产保护和传承联盟工作站",
        "organization": "福州非物质文化遗产保护和传承联盟",
        "positioning": "一个专注于保护和开发福州非物质文化遗产的社会组织工作站。",
        "introduction": (
            "非物质文化遗产保护和传承联盟工作站是在仓山成立的福州非物质文化遗产保护和传承联盟的首个工作站,"
            "联盟党支部于2020年4月在三盛集团党群服务中心成立,为兼合式党支部。由市文艺名家、"
            "戏剧工作室负责人林颖牵头发起。力求发挥联盟的能力优势和人才优势,通过“两新+农村”"
            "党建的方式开展绍岐村非遗文化挖掘整合,培养非遗保护、传承与发展人才,帮助绍岐村挖掘、"
            "保护和传承非物质文化遗产,推动绍岐村及周边,用好用活林浦非物质文化,系统打造特色化的古村落旅游,发展集体经济。"
        ),
        "construction_status": (
            "目前,联盟工作服务站已入驻绍岐村,周边已建成林浦红色文化、家风文化、传统文化的陈列馆和党群活动服务中心,"
            "并配套打造以党员和村民为力量的保护队伍、解说队伍。通过设置民宅民俗体验区,推动实现村级产业发展和文化传承、"
            "文物保护的相互协调相互促进。自投入使用以来,该站点已承接30余场交流研讨活动。下一步,联盟党组织将聚焦安南伬、"
            "状元船文化等,开展挖掘和保护,推动片区非物质文化遗产的保护和开发形成专业性、系统性和可持续性。"
        ),
        "experience": "",
        "address": "仓山区绍岐村",  # report: 联盟工作服务站已入驻绍岐村
        "latitude": Decimal("26.022000"),  # approximate: 绍岐村, near 林浦
        "longitude": Decimal("119.383000"),
        "area_m2": None,
        "investment_10k_yuan": None,
        "status": SiteStatus.OPEN,
        "activities": [
            {
                "title": "交流研讨活动",
                "date": VISIT_DAY,  # the report counts them up to the visit; it dates none of them
                "sessions": 30,  # report: 30余场
                "participants": None,
                "description": "自投入使用以来,该站点已承接30余场交流研讨活动。",
            },
        ],
        "projects": [
            {
                "title": "安南伬、状元船文化挖掘和保护",
                "description": (
                    "下一步,联盟党组织将聚焦安南伬、状元船文化等,开展挖掘和保护,"
                    "推动片区非物质文化遗产的保护和开发形成专业性、系统性和可持续性。"
                ),
                "status": ProjectStatus.IN_PROGRESS,
                "planned_start": None,
                "planned_completion": MonthEndAfterAsOf(4),  # demo: still months away
                "actual_completion": None,
                "percent_complete": 35,  # demo
                "responsible_unit": "联盟党支部",
                "delay_reason": "",
                "milestones": [],
                "progress_updates": [],
            },
        ],
    },
    {
        "sequence": 2,
        "name": "春天国际影城",
        "organization": "福建春天影城有限公司",
        "positioning": "全市首个由非公企业党组织独立承办的党员宣教基地。",
        "introduction": (
            "福建春天影城有限公司成立于2015年,“春天国际影城”为其旗下品牌。影城党支部成立于2019年12月,"
            "是仓山区海峡会展中心片区唯一的影院媒体企业。中心拟依托影视行业的人气优势和片源优势,探索打造集党建宣传、"
            "公益服务、党员培训、商业发展为一体的影院党群服务中心,辐射周边党群,乃至全市消费群体。"
        ),
        # The 村干部培训班媒体课程培训 it hosted (多期, no count) stay in this text:
        # an activity record would need a number of sessions the report does not give.
        "construction_status": (
            "目前,中心已经委托机构开展方案策划,计划以春天为主题,通过在候影区开辟媒体宣教平台,"
            "把候影区开辟成党群学习交流、休闲娱乐的党群服务中心,并发挥红色影视教材优势,把观影厅打造成党群教室,"
            "采取点单授课、定向服务、闲时公益开放相结合的方式,灵活为全市及来访的党员群众提供学习教育视训服务。目前,"
            "春天影院已作为仓山首个党员宣教基地,承办了仓山多期的村干部培训班媒体课程培训,"
            "并成为仓山社区居民公益观影的好去处,得到好评。受疫情影响,中心改造提升暂时延期。"
        ),
        "experience": "",
        "address": "仓山区海峡会展中心片区",  # report: 仓山区海峡会展中心片区唯一的影院媒体企业
        "latitude": Decimal("26.036000"),  # approximate: near 海峡会展中心
        "longitude": Decimal("119.358000"),
        "area_m2": None,
        "investment_10k_yuan": None,
        # In use as an education base, while its party-service centre waits for the delayed upgrade.
        "status": SiteStatus.UNDER_CONSTRUCTION,
        "activities": [],
        "projects": [
            {
                "title": "影院党群服务中心改造提升",
                "description": (
                    "中心已经委托机构开展方案策划,计划以春天为主题,通过在候影区开辟媒体宣教平台,"
                    "把候影区开辟成党群学习交流、休闲娱乐的党群服务中心,并发挥红色影视教材优势,"
                    "把观影厅打造成党群教室,采取点单授课、定向服务、闲时公益开放相结合的方式,"
                    "灵活为全市及来访的党员群众提供学习教育视训服务。"
                ),
                "status": ProjectStatus.DELAYED,
                "planned_start": None,
                "planned_completion": JUNE_DEADLINE,  # demo: the belt's June deadline, now passed
                "actual_completion": None,
                "percent_complete": 30,  # demo
                "responsible_unit": "福建春天影城有限公司",
                "delay_reason": "受疫情影响,中心改造提升暂时延期。",
                "milestones": [
                    {"title": "完工投入使用", "due_date": JUNE_DEADLINE, "done_date": None},
                ],
                "progress_updates": [
                    {
                        "date": VISIT_DAY,
                        "percent": 30,  # demo
                        "note": "中心已经委托机构开展方案策划。受疫情影响,中心改造提升暂时延期。",
                    },
                ],
            },
        ],
    },
    {
        "sequence": 3,
        "name": "悦享社区教育服务点(盖山镇浦江社区党群服务中心)",
        "organization": "浦江社区",
        "positioning": "仓山区社会组织与社区发展共同体。",
        "introduction": (
            "服务点位于盖山镇浦江社区党群服务中心,中心面积600多平方米,全部开辟成为社会组织入驻,社区居民享受服务的场所。"
            "通过悦享专业化的社区教育服务,提升浦江社区的服务水平,打造社会组织与社区发展的命运共同体,实现社区服务提升、"
            "社会组织实现发展、社区居民享受幸福的“三赢”效果。"
        ),
        "construction_status": (
            "中心以龙舟文化为理念已完成功能设计,围绕“红船摆渡、泛舟浦江”主题,分设乡愁知舟(龙舟历史文化展示区)、"
            "落子心舟(棋乐区)、弄影轻舟(舞蹈区)、朝夕同舟(亲自互动区)、思想会舟(党员活动室内)、学海游舟(书画区)"
            "等6个大区,分类、分对象开展社区教育服务,通过组织共建、党员共管、活动共办、服务共创、"
            "文化共享打造全市首个有主题、有文化的社会组织和社区共同发展样板。目前已动工,预计今年6月份完工并投入使用。"
        ),
        "experience": "",
        "address": "仓山区盖山镇浦江社区党群服务中心",  # report: 服务点位于盖山镇浦江社区党群服务中心
        "latitude": Decimal("26.031000"),  # approximate: 盖山镇
        "longitude": Decimal("119.334000"),
        "area_m2": Decimal("600"),  # report: 600多平方米
        "investment_10k_yuan": None,
        "status": SiteStatus.OPEN,
        "activities": [],
        "projects": [
            {
                "title": "“红船摆渡、泛舟浦江”主题功能区建设",
                "description": (
                    "中心以龙舟文化为理念已完成功能设计,围绕“红船摆渡、泛舟浦江”主题,分设乡愁知舟(龙舟历史文化展示区)、"
                    "落子心舟(棋乐区)、弄影轻舟(舞蹈区)、朝夕同舟(亲自互动区)、思想会舟(党员活动室内)、学海游舟(书画区)"
                    "等6个大区,分类、分对象开展社区教育服务,通过组织共建、党员共管、活动共办、服务共创、"
                    "文化共享打造全市首个有主题、有文化的社会组织和社区共同发展样板。"
                ),
                "status": ProjectStatus.COMPLETED,
                "planned_start": None,
                "planned_completion": JUNE_DEADLINE,  # report: 预计今年6月份完工并投入使用
                "actual_completion": ReportDay(6, 26),  # demo: on time
                "percent_complete": 100,
                "responsible_unit": "浦江社区",
                "delay_reason": "",
                # The report says only that design and works had begun by the visit,
                # so the visit's day stands for both.
                "milestones": [
                    {"title": "功能设计完成", "due_date": VISIT_DAY, "done_date": VISIT_DAY},
                    {"title": "动工", "due_date": VISIT_DAY, "done_date": VISIT_DAY},
                    {"title": "完工投入使用", "due_date": JUNE_DEADLINE, "done_date": ReportDay(6, 26)},
                ],
                "progress_updates": [
                    {
                        "date": VISIT_DAY,
                        "percent": 30,  # demo
                        "note": "中心以龙舟文化为理念已完成功能设计。目前已动工,预计今年6月份完工并投入使用。",
                    },
                    {"date": ReportDay(6, 26), "percent": 100, "note": "完工并投入使用。"},
                ],
            },
        ],
    },
    {
        "sequence": 4,
        "name": "华威集团",
        "organization": "福建华威集团",
        "positioning": "一家专业从事城市服务,守护城市生活的非公企业。",
        "introduction": (
            "福建华威集团是一家集交通运输、商贸物流、农产品供应链、电子商务、商业地产、"
            "旅游酒店等业务于一体的多元化实业投资企业集团,现拥有下属企业近30家。集团党委成立于1999年7月,下设机关总部、"
            "商贸物流公司、驾训公司、易行通公司、双语幼儿园、西园站务公司、客车公司等7个党支部。"
            "集团党委总结了华威“党建+三链”党建经验,把党建工作与员工成长、企业发展、社会服务牢牢地结合起来,"
            "贯穿于企业发展经营的方方面面。"
        ),
        "construction_status": "",
        "experience": (
            "一是“党建+产业链”为效益爆发助力。把党组织纳入公司业务关键,"
            "配套推进党的阵地在集团具有人员聚集性的产业区建设,推动党员员工亮身份、做表率。二是“党建+管理链”"
            "为员工成长赋能。定期组织各支部因地制宜开展党员职工思想教育和能力培训,组织开展党组织和个人评先评优,"
            "营造创先争优、比学赶超的积极氛围。三是“党建+文化链”为华威形象固基。坚持用党建文化引领企业文化建设和发展,"
            "先后创办了公司党建刊物《华威人》、编写《华威人之歌》,建立“华威爱心基金会”,倡导公益文化,履行社会责任,"
            "不断提升集团党委在社会各界的形象。"
        ),
        "address": "",
        "latitude": Decimal("26.043000"),  # approximate: the report does not locate it
        "longitude": Decimal("119.322000"),
        "area_m2": None,
        "investment_10k_yuan": None,
        "status": SiteStatus.OPEN,
        "activities": [],
        "projects": [],
    },
    {
        "sequence": 5,
        "name": "悦享港头社区教育服务中心(南江滨政治生活中心、港头社区)",
        "organization": "悦享青少年活动中心",
        "positioning": "社会组织全面融入社区服务的示范项目。",
        "introduction": (
            "悦享港头社区教育服务中心由港头社区党委通过组织共建,引入的专业化开展社区教育服务的示范项目。"
            "由悦享青少年活动中心党支部负责。悦享青少年服务中心,主要从事组织、承办青少年文艺、体育、"
            "科技等方面的公益性素质教育活动。中心党支部自成立以来,坚持党建引领,深化服务内涵,实现健康有序发展。"
        ),
        "construction_status": (
            "项目合作协议已经签订,目前中心已完成初步策划设计,预计6月份与港头社区提升同步完工。完工后,中心将以组织名义、"
            "以党员为力量,通过每月开办4场公益活动,定期开办公益课程,低偿课程,向社区居民常态提供思想教育、课程辅导、"
            "体育教学、文化培训等社区教育服务,配合港头社区诠释“心能靠岸的地方是港头”的服务理念。"
        ),
        "experience": "",
        "address": "仓山区港头社区",
        "latitude": Decimal("26.040000"),  # approximate: 港头社区
        "longitude": Decimal("119.342000"),
        "area_m2": None,
        "investment_10k_yuan": None,
        "status": SiteStatus.OPEN,
        "activities": [],
        "projects": [
            {
                "title": "悦享港头社区教育服务中心建设",
                "description": "项目合作协议已经签订,目前中心已完成初步策划设计,预计6月份与港头社区提升同步完工。",
                "status": ProjectStatus.COMPLETED,
                "planned_start": None,
                "planned_completion": JUNE_DEADLINE,  # report: 预计6月份与港头社区提升同步完工
                "actual_completion": ReportDay(7, 15, not_after_as_of=True),  # demo: a little late
                "percent_complete": 100,
                "responsible_unit": "悦享青少年活动中心党支部",  # report: 由悦享青少年活动中心党支部负责
                "delay_reason": "",
                "milestones": [
                    {"title": "项目合作协议签订", "due_date": VISIT_DAY, "done_date": VISIT_DAY},
                    {"title": "初步策划设计完成", "due_date": VISIT_DAY, "done_date": VISIT_DAY},
                    {
                        "title": "完工投入使用",
                        "due_date": JUNE_DEADLINE,
                        "done_date": ReportDay(7, 15, not_after_as_of=True),
                    },
                ],
                "progress_updates": [
                    {
                        "date": VISIT_DAY,
                        "percent": 20,  # demo
                        "note": "项目合作协议已经签订,目前中心已完成初步策划设计。",
                    },
                    {
                        "date": ReportDay(7, 15, not_after_as_of=True),
                        "percent": 100,
                        "note": "与港头社区提升同步完工。",
                    },
                ],
            },
        ],
    },
    {
        "sequence": 6,
        "name": "三盛滨江国际党群服务中心",
        "organization": "三盛集团",
        "positioning": "一个专业提供家庭化服务的时尚楼宇党群服务中心。",
        "introduction": (
            "三盛滨江国际党群服务中心,由三盛集团党委斥资近500万元打造,总面积1500平方米,设三盛领地和Young吧两个部分。"
            "领地设党员活动室和文化展厅两部分,展厅以三盛为主要视角,以遇见为主题,讲述三盛坚持党建引领、专心做实业、"
            "奋进新时代、以公益为己任、重视人才的极致企业文化。党员活动室辐射楼宇企业,"
            "为企业党组织开展党建工作提供“一站式”指导。Young吧分书吧、健身吧、沙龙点等区域,为楼宇党群提供休闲服务。"
            "中心同时引入多家政府单位下沉开展服务,成为机关服务企业的重要桥梁和示范点。"
        ),
        "construction_status": "",
        "experience": (
            "一是致新理念,打造立体化“红色堡垒”。设立“三盛总部党建服务室”,推行“2+1挂钩联系制度”,"
            "即由1名党委委员和1个招商业务负责人共同挂钩联系1家入驻企业,全程指导党员发展和党组织孵化,"
            "构建“街道+党委+企业”的三级垂直党建工作指导体系,先后举办“三盛亲子夏令营”、“三盛读书分享荟”"
            "等各类特色党日活动21场,覆盖党员群众1300多人次。二是致品文化,开放共享式“红色阵地”。"
            "在三盛滨江国际1号楼12层设立党群活动服务中心,包含小型会议室、多功能室、娱乐交流区、图书阅读区、"
            "运动休闲区等功能,并结合视频、展板、沙盘等多样化方式,展示三盛集团的党建工作、发展理念、产业分布和社会担当。"
            "三是致诚服务,发动综合型“红色引擎”。推进物业创新管理,定期举办“红色业主SALON”,"
            "协调解决企业开展党建活动中的场地、服务、物业人员等方面的问题;配套设立三盛服务直通车,先后与区检察院、"
            "区人社局等10多家单位签订共建协议,将服务入驻企业的相关内容写入共建协议;定期召开企业党建联席座谈会,"
            "并有针对性地解决中小企业经营发展问题。四是致效发展,点燃区域性“红色活力”。通过丰富党日活动形式,提高党员、"
            "群众参与度,提高党组织向心力;每年举办“三盛春晚”,创立《三盛会》等季度刊物,累计印刷量达20万余册;创立“捍卫爱”"
            "公益品牌,先后设立300余个公益项目,引导党员、职工主动参与公益、奉献社会。"
        ),
        "address": "三盛滨江国际1号楼12层",  # report: 在三盛滨江国际1号楼12层设立党群活动服务中心
        "latitude": Decimal("26.046000"),  # approximate
        "longitude": Decimal("119.350000"),
        "area_m2": Decimal("1500"),  # report: 总面积1500平方米
        "investment_10k_yuan": Decimal("500"),  # report: 斥资近500万元
        "status": SiteStatus.OPEN,
        "activities": [
            {
                "title": "特色党日活动",
                "date": VISIT_DAY,  # the report counts them up to the visit; it dates none of them
                "sessions": 21,  # report: 21场
                "participants": 1300,  # report: 1300多人次
                "description": (
                    "先后举办“三盛亲子夏令营”、“三盛读书分享荟”等各类特色党日活动21场,覆盖党员群众1300多人次。"
                ),
            },
        ],
        "projects": [],
    },
    {
        "sequence": 7,
        "name": "山水境现代筝乐艺术体验馆",
        "organization": "福州市山水境文化传播有限公司",
        "positioning": "一个致力于用古典音乐诉说仓山烟台山故事的中国风艺术体验馆。",
        "introduction": (
            "现代筝乐艺术体验馆是福建省首家概念情境式的古筝艺术体验馆,"
            "是福州市山水境文化传播有限公司旗下的一所现代高端筝乐艺术沙龙体验馆。具有非常专业且高雅舒适的教学环境,"
            "专业的练习舞台,定期举办沙龙、内部演出、师生乐队、专家讲座等活动。教育理念是:趣味音乐修养带动专业技术训练。"
        ),
        "construction_status": (
            "体验馆已落位仓山烟台山,并成立党组织,加入仓山非物质文化遗产联盟。"
            "中心积极发挥福建师大艺术学院的师生团体优势,开展烟台山文化挖掘和艺术课程制作,"
            "通过打造以党员教师和青年学生为主体的艺术呈现队伍和古典艺术传承队伍,"
            "以丰富的体验感开展艺术演出和古典音乐技艺培训,深入挖掘和保护仓山烟台山历史文化,并不断辐射福州全市,"
            "实现艺术传承与文化保护相辅相成、相互促进。"
        ),
        "experience": "",
        "address": "仓山区烟台山",  # report: 体验馆已落位仓山烟台山
        "latitude": Decimal("26.049000"),  # approximate: 烟台山
        "longitude": Decimal("119.313000"),
        "area_m2": None,
        "investment_10k_yuan": None,
        "status": SiteStatus.OPEN,
        "activities": [],
        "projects": [
            {
                "title": "烟台山文化挖掘和艺术课程制作",
                "description": (
                    "中心积极发挥福建师大艺术学院的师生团体优势,开展烟台山文化挖掘和艺术课程制作,"
                    "通过打造以党员教师和青年学生为主体的艺术呈现队伍和古典艺术传承队伍,"
                    "以丰富的体验感开展艺术演出和古典音乐技艺培训,深入挖掘和保护仓山烟台山历史文化,"
                    "并不断辐射福州全市,实现艺术传承与文化保护相辅相成、相互促进。"
                ),
                "status": ProjectStatus.IN_PROGRESS,
                "planned_start": VISIT_DAY,  # under way at the visit
                # demo: due within the at-risk window and behind schedule, so the
                # progress pages have something to warn about.
                "planned_completion": DaysAfterAsOf(21),
                "actual_completion": None,
                "percent_complete": 40,  # demo
                "responsible_unit": "福州市山水境文化传播有限公司",
                "delay_reason": "",
                "milestones": [],
                "progress_updates": [
                    {"date": VISIT_DAY, "percent": 10, "note": "开展烟台山文化挖掘和艺术课程制作。"},  # demo: 10%
                ],
            },
        ],
    },
    {
        "sequence": 8,
        "name": "互联网小镇",
        "organization": "福建飞客科技有限公司",
        "positioning": "一个致力于打造仓山互联网生态产业链,发展仓山智能产业的现代园区。",
        "introduction": (
            "互联网小镇是由福建飞客科技有限公司建设运营的一个互联网智能产业园区,定向投资及引进国内外优质互联网大数据、"
            "5G智能科技产业项目及企业。福建飞客科技有限公司党支部成立于2018年10月,主要以党组织为核心,党员为骨干,"
            "通过搭建政企桥梁,配套打造专业化的园区服务,全面融入仓山智能产业发展布局,"
            "推动园区成为有生命力的现代化智能产业园区。"
        ),
        "construction_status": (
            "中心已开展二期提升,并以党建文化为核心,打造全市首个集招商服务、品牌宣传、商业洽谈、"
            "园区服务为一体的园区党群服务中心。今年6月份将落位建成。同时,园区重视延伸党建触角。"
            "持续摸排园区各入驻企业党员情况,推动党员“应转尽转”,为有条件成立党支部的企业提供业务指导,"
            "推动织就覆盖面更广的园区“党建网”,持续建强党员队伍。搭建“红色大讲堂”“小镇初心坊”“党员志愿服务”等平台,"
            "定期开展科教宣传、抗灾救灾、扶贫助学、环境保护等各类公益活动,不断增强企业党员的技能本领与责任担当。"
            "聚焦强化融合发展。贯彻“经济效益”和“社会效益”相统一的发展战略,助力园区织就一张示范性效益网,"
            "提升区域数字经济发展速度及全产业链经济热度,为互联网园区发展探索出一条可复制的成功之路。"
        ),
        "experience": "",
        "address": "",
        "latitude": Decimal("26.030000"),  # approximate: the report does not locate it
        "longitude": Decimal("119.292000"),
        "area_m2": None,
        "investment_10k_yuan": None,
        "status": SiteStatus.OPEN,
        "activities": [],
        "projects": [
            {
                "title": "互联网小镇二期提升(园区党群服务中心)",
                "description": (
                    "中心已开展二期提升,并以党建文化为核心,"
                    "打造全市首个集招商服务、品牌宣传、商业洽谈、园区服务为一体的园区党群服务中心。"
                    "今年6月份将落位建成。"
                ),
                "status": ProjectStatus.COMPLETED,
                "planned_start": None,
                "planned_completion": JUNE_DEADLINE,  # report: 今年6月份将落位建成
                "actual_completion": ReportDay(6, 30),  # demo: on time
                "percent_complete": 100,
                "responsible_unit": "福建飞客科技有限公司党支部",
                "delay_reason": "",
                "milestones": [
                    {"title": "二期提升动工", "due_date": VISIT_DAY, "done_date": VISIT_DAY},
                    {"title": "园区党群服务中心落位建成", "due_date": JUNE_DEADLINE, "done_date": ReportDay(6, 30)},
                ],
                "progress_updates": [
                    {"date": VISIT_DAY, "percent": 60, "note": "中心已开展二期提升。"},  # demo: 60%
                    {"date": ReportDay(6, 30), "percent": 100, "note": "园区党群服务中心落位建成。"},
                ],
            },
        ],
    },
]

DISTRICT_RESPONDENT = "仓山区委两新工委"

INSPECTION = {
    "date": VISIT_DAY,
    "title": "南江滨党建示范带调研核查",
    "inspecting_body": "市委非公企业和社会组织工委(市委两新工委)",
    "leader_name": "陈有飞",
    "leader_title": "专职副书记",
    "team": "调研组",  # the report names no other member
    "summary": (
        "为进一步了解掌握全市党建示范带建设情况,督促各地加速推进示范带建设进程,市委两新工委按计划、"
        "分步骤赴各地开展调研核查。4月8日,市委非公企业和社会组织工委专职副书记陈有飞一行赴仓山区调研南江滨党建示范带,"
        "调研组听取了示范带建设情况,并深入福州非物质文化遗产保护和传承联盟工作站、春天国际影城、"
        "悦享社区教育服务点(盖山镇浦江社区党群服务中心)、华威集团、悦享港头社区教育服务中心(南江滨政治生活中心、"
        "港头社区)、三盛集团、山水境现代筝乐艺术体验馆、互联网小镇等党建串珠,与项目负责人深入交流,具体了解项目建设情况,"
        "并提出指导意见和建议。\n"
        "调研座谈中,陈有飞副书记对仓山区聚焦文化、服务、沟通、实效抓示范带培育的党建工作理念方式表示肯定。"
    ),
    "guidance": (
        "他指出,党建示范带建设是深化“红色领航”工程、夯实基层党建基础、激发基层党建活力的重要抓手,"
        "也是推动基层治理现代化的重要举措。要针对示范点的定位和内涵,引导两新组织树立积极、健康的党建文化,深化服务品质,"
        "因地制宜做好资源配置和功能整合,通过各示范点在场所、资金、队伍等方面的优势互补,强化联动,发挥作用,"
        "把示范带建“活”,提升城市形象品质。他同时强调,要紧盯时间节点抓培育,全面做好各示范点规范化建设扫尾工作,"
        "细化目标任务,明确责任人,加强督办督促,确保项目按时推进,优质呈现。"
    ),
    # (site sequence, note) in the order the report lists the visit.
    "visits": [
        (1, "自投入使用以来,该站点已承接30余场交流研讨活动。"),
        (2, "受疫情影响,中心改造提升暂时延期。"),
        (3, "目前已动工,预计今年6月份完工并投入使用。"),
        (
            4,
            (
                "集团党委总结了华威“党建+三链”党建经验,把党建工作与员工成长、企业发展、社会服务牢牢地结合起来,"
                "贯穿于企业发展经营的方方面面。"
            ),
        ),
        (5, "项目合作协议已经签订,目前中心已完成初步策划设计,预计6月份与港头社区提升同步完工。"),
        (6, "先后举办“三盛亲子夏令营”、“三盛读书分享荟”等各类特色党日活动21场,覆盖党员群众1300多人次。"),
        (7, "体验馆已落位仓山烟台山,并成立党组织,加入仓山非物质文化遗产联盟。"),
        (
            8,
            (
                "中心已开展二期提升,并以党建文化为核心,打造全市首个集招商服务、品牌宣传、商业洽谈、"
                "园区服务为一体的园区党群服务中心。今年6月份将落位建成。"
            ),
        ),
    ],
    # Tasks drawn from the guidance, one in each state of the follow-up workflow.
    "followups": [
        {
            "task": "细化目标任务,明确责任人,加强督办督促。",
            "site": None,
            "responsible_person": DISTRICT_RESPONDENT,
            "deadline": ReportDay(4, 30),
            "status": FollowUpStatus.CLOSED,
            "response": "已制定南江滨“两新”党建示范带建设任务清单,逐个示范点明确目标任务、完成时限和责任人。",  # demo
            "answered_at": ReportMoment(4, 28, 16, 30),
            "closed_at": ReportMoment(5, 8, 10, 0),
        },
        {
            "task": "紧盯时间节点抓培育,全面做好各示范点规范化建设扫尾工作。",
            "site": None,
            "responsible_person": DISTRICT_RESPONDENT,
            "deadline": JUNE_DEADLINE,
            "status": FollowUpStatus.ANSWERED,
            "response": (
                "已对照各示范点规范化建设要求逐项梳理扫尾事项,明确完成时限;悦享社区教育服务点已完工投入使用。"
            ),  # demo
            "answered_at": ReportMoment(6, 28, 15, 0),
            "closed_at": None,
        },
        {
            "task": "春天国际影城党群服务中心改造提升受疫情影响暂时延期,尽快恢复推进,确保项目按时推进,优质呈现。",
            "site": 2,
            "responsible_person": DISTRICT_RESPONDENT,
            "deadline": JUNE_DEADLINE,  # open and overdue
            "status": FollowUpStatus.OPEN,
            "response": "",
            "answered_at": None,
            "closed_at": None,
        },
        {
            "task": "通过各示范点在场所、资金、队伍等方面的优势互补,强化联动,发挥作用,把示范带建“活”。",
            "site": None,
            "responsible_person": DISTRICT_RESPONDENT,
            "deadline": MonthEndAfterAsOf(2),  # demo: open, still within its deadline
            "status": FollowUpStatus.OPEN,
            "response": "",
            "answered_at": None,
            "closed_at": None,
        },
    ],
}
