"""The Word and Markdown reports' own words in Chinese and English: headings, table and
figure titles, their notes and source lines, and the title page. The words of sentences
built from numbers live beside their rules (`sim.present.findings`, `sim.present.advice`).
"""

from __future__ import annotations

WORDS = {
    "zh": {
        "title": "{district}养老服务能力规划情景模拟报告",
        "subtitle": "基准年：{base}年　规划期：{first}—{plan}年",
        "scenarios_line": "比较情景：{count}个（{names}）",
        "replications_line": "每个情景重复模拟{replications}次（随机数种子{seeds}）；{uncertainty}",
        "uncertainty_on": "每次模拟抽取一组不确定参数和基准年估计值，结果范围同时反映个体随机性与"
        "参数不确定性",
        "uncertainty_off": "参数取固定值，结果范围只反映个体随机性",
        "scale_line": "注意：本次模拟的人口和设施规模按{scale:g}倍缩放，绝对数不代表全区实际。",
        "generated": "生成时间：{time}",
        "intervals": "说明：“95%结果范围”指各次模拟结果的第2.5至第97.5百分位数；“达成概率”指达到目"
        "标的模拟次数占比。",
        "summary": "一、摘要", "advice": "二、对策建议", "targets": "三、规划目标",
        "population": "四、老年人口", "capacity": "五、床位与护理人员",
        "care_at_home": "六、居家和社区照护", "costs": "七、成本",
        "data": "八、基准年数据与需优先核实的数据", "evaluation": "九、规划终期评估（{first}—"
        "{last}年）",
        "appendix_scenarios": "附录一　情景说明", "appendix_parameters": "附录二　主要参数",
        "appendix_years": "附录三　各情景主要指标（逐年）",
        "table": "表{number}　{title}", "figure": "图{number}　{caption}",
        "t_zhuanlan": "{plan}年规划目标与各情景预测（专栏）",
        "n_zhuanlan": "注：基准值为{base}年地区数据包的数值（部分为估计值，见第八部分）。情景列为"
        "{plan}年"
        "各次模拟的均值，其下为达成概率（达到目标的模拟次数占比），✓表示达成概率不低于80%（很可能达成），△为50%—80%（不确定），✗低于50%（很可能未达成）。"
        "护理人员为{plan}年末的人数。",
        "t_capacity": "{plan}年床位与护理人员",
        "n_capacity": "注：数值为各次模拟的均值。护理型床位需求＝护理型床位入住人数＋年末轮候人数"
        "＋当年放弃"
        "轮候人数；可运营护理型床位指现有护理员按人员配比能够照护的护理型床位入住人数。",
        "t_population": "老年人口与健康状况",
        "n_population": "注：人口与健康状况不随照护情景变化；{base}年为地区数据包数值，其余年份为"
        "各次模拟的均值。",
        "t_outlook": "各情景{plan}年目标达成与{first}—{last}年成本",
        "n_outlook": "注：达成概率为达到目标的模拟次数占比，括号内为其95%抽样区间（Wilson）；"
        "✓表示达成概率不低于80%（较有把握实现），△为50%—80%，✗低于50%。主要制约的判定规则见第五、六部分。"
        "放弃轮候人数为{last}年全年人数；支出为{first}—{last}年合计，与第七部分成本表一致。",
        "t_care": "{plan}年居家和社区照护",
        "n_care": "注：数值为各次模拟的均值。",
        "t_costs": "{first}—{last}年成本与服务人次",
        "n_costs": "注：各项为{first}—{last}年合计。财政支出下方括号内为各次模拟结果的95%范围。"
        "服务人次为入住人数与新获得社区照料名额人数之和；每新增服务一人次成本＝新增总支出÷新增服务"
        "人次，未多服务人次的情景不计算。",
        "t_base": "基准年（{base}年）数据",
        "n_base": "注：“统计数据”为已公布数据；“估计值”为推算数据；“假设值”和“默认值”无统计来源，"
        "运行时按此取值，宜尽快以实际数据替换（在地区数据包中修改）。",
        "t_measure": "需优先核实的数据",
        "n_measure": "注：根据全局敏感性分析（Morris筛选后计算Sobol指数）排序：先看该数据取其范围"
        "两端时首选"
        "情景改变的概率，再看它最多可解释某项结果方差的比例。",
        "t_evaluation": "规划目标终期评估",
        "n_evaluation": "注：预测为规划情景自基准年起的模拟均值；达成概率为达到目标的模拟次数占比"
        "；无已公布的期末"
        "数据时，结论为“待统计数据核实”。",
        "t_parameters": "主要参数（本次运行取值）",
        "n_parameters": "注：列出置信度为“假设”或“低”的参数，以及情景（标*）或地区数据包（标†）修"
        "改的参数；"
        "取值为本次运行所用的值。参数见默认参数表，情景文件可在假设项中修改。",
        "t_years": "{scenario}：主要指标",
        "n_years": "注：{base}年为地区数据包数值，其余为各次模拟的均值；支出以万元计；年内流量"
        "指标在基准年不适用，记为“–”。",
        "no_findings": "本次运行没有可据以作出判断的结果。",
    },
    "en": {
        "title": "{district}: elderly-care capacity planning, scenario results",
        "subtitle": "Base year {base}. Plan period {first}–{plan}.",
        "scenarios_line": "Scenarios compared: {count} ({names})",
        "replications_line": "Each scenario replicated {replications} times (seed {seeds}); "
        "{uncertainty}",
        "uncertainty_on": "each replication draws one set of the uncertain inputs, so ranges carry "
        "both the randomness of lives and what is not known about the inputs",
        "uncertainty_off": "inputs fixed: ranges carry only the randomness of lives",
        "scale_line": "Note: this run scales the population and every capacity by {scale:g}; "
        "counts are not the district's.",
        "generated": "Generated {time}",
        "intervals": "“95% range of outcomes”: the 2.5th to 97.5th percentile across "
        "replications. “P(met)”: the share of replications that meet a target.",
        "summary": "1. Summary of findings", "advice": "2. Recommendations",
        "targets": "3. Plan targets", "population": "4. Older population",
        "capacity": "5. Beds and care workers", "care_at_home": "6. Care at home and in the commun"
        "ity",
        "costs": "7. Costs", "data": "8. Base-year figures and what to measure first",
        "evaluation": "9. End-of-term evaluation ({first}–{last})",
        "appendix_scenarios": "Appendix 1. Scenarios", "appendix_parameters": "Appendix 2. Paramet"
        "ers",
        "appendix_years": "Appendix 3. Indicators by year",
        "table": "Table {number}. {title}", "figure": "Figure {number}. {caption}",
        "t_zhuanlan": "Targets for {plan} and each scenario's projection",
        "n_zhuanlan": "Base: the district pack's {base} figures (some are estimates; see section "
        "8). Scenario columns: the mean in {plan}, with P(met) beneath it (✓ 80% or more: likely m"
        "et; △ "
        "50-80%: uncertain; ✗ below 50%: likely missed). Care workers: persons at the end of "
        "{plan}.",
        "t_capacity": "Beds and care workers in {plan}",
        "n_capacity": "Means over replications. Demand for nursing-type beds = their residents + "
        "people waiting at year end + people who gave up in the year; beds staff can run: "
        "residents the care workers on hand can look after at the staffing ratios.",
        "t_population": "Older population and health",
        "n_population": "Population and health do not depend on the care scenario; {base}: the "
        "district pack's figures; other years: means over replications.",
        "t_outlook": "Each scenario: targets in {plan} and costs in {first}–{last}",
        "n_outlook": "P(met): the share of replications meeting a target, with its 95% "
        "sampling interval (Wilson) in brackets; ✓ 80% or more (likely met), △ 50-80%, ✗ "
        "below 50%. What binds: the rules of sections 5 and 6. Gave up: in {last}. Costs: "
        "{first}–{last} totals, as in the cost table of section 7.",
        "t_care": "Care at home and in the community in {plan}",
        "n_care": "Means over replications.",
        "t_costs": "Costs and people served, {first}–{last}",
        "n_costs": "Totals over {first}–{last}. Brackets under the public cost: the 95% range "
        "of outcomes. People served: "
        "admissions plus new community places. Cost per extra person served = extra total cost "
        "/ extra people served; not given when a scenario serves no more people.",
        "t_base": "Base-year figures ({base})",
        "n_base": "Observed: published. Estimate: derived. Assumption and default: no published "
        "source; the run uses them as given, and they should be replaced (in the district pack).",
        "t_measure": "What to measure first",
        "n_measure": "Ranked by a global sensitivity study (Morris screening, then Sobol indices): "
        "first by the probability that the preferred scenario changes at an end of the "
        "figure's range, then by the largest share of an output's variance it explains.",
        "t_evaluation": "End-of-term evaluation",
        "n_evaluation": "Projection: the plan scenario's mean from the base year; P(met): share "
        "of replications meeting the target; without a published final-year figure the "
        "verdict is 'not yet known'.",
        "t_parameters": "Parameters (the values this run used)",
        "n_parameters": "Parameters of confidence 'assumption' or 'low', and those the scenario "
        "(*) or the district pack (†) changed; values as the run used them.",
        "t_years": "{scenario}: main indicators",
        "n_years": "{base}: the district pack's figures; other years: means over replications; "
        "costs in 10,000 yuan; flows during a year are not defined for the base year (–).",
        "no_findings": "The run has no results to judge.",
    },
}  # fmt: skip


OPTIMISE_WORDS = {
    "zh": {
        "heading": "十、投资方案优化",
        "summary": "在{count}项投入的可选范围内，求得同时满足{goals}项目标（约束性目标要求达成概率"
        "{p}）的"
        "最低{cost}方案：{first}—{last}年{cost}{value}亿元（新随机数种子、{reps}次模拟核验）。",
        "summary_short": "在投入的可选范围内，未能找到满足全部目标的方案；以下为最接近的方案。",
        "public": "财政支出", "total": "总支出",
        "t_levers": "优化方案的年度投入", "t_goals": "各项目标的核验结果",
        "n_goals": "注：核验为按新随机数种子运行方案；核验达成概率下方括号内为其区间（Wilson，"
        "上下限各为单侧90%），下限不低于要求达成概率时该目标视为达成；“是否约束”指方案中该目标"
        "恰好达到要求，放宽该目标即可降低成本；“作用最大的投入”为每增加一步对该目标影响最大的投入。",
        "t_frontier": "不同达成概率要求下的最低成本",
        "n_frontier": "注：每个概率下的最低成本取经模拟核验的全部方案（试验设计点、各轮核验、各"
        "概率的求解和优化方案的核验）中，各目标达成概率下限均达到该概率的最便宜者；达标目标数为"
        "达成概率下限不低于要求的目标个数；“—”表示经模拟核验的方案中无一达到该概率。",
        "f_frontier": "不同达成概率要求下的最低成本（实心为模拟核验，空心为代理模型预测）",
    },
    "en": {
        "heading": "10. Optimised investment plan",
        "summary": "Within the ranges of {count} levers, the least-{cost} plan that meets all "
        "{goals} "
        "goals (binding targets with probability {p}): {value} hundred million yuan of {cost} "
        "in {first}–{last}, checked by {reps} replications with a fresh seed.",
        "summary_short": "No plan within the levers' ranges meets every goal; this is the "
        "closest found.",
        "public": "public cost", "total": "total cost",
        "t_levers": "The optimised plan's yearly levers", "t_goals": "Each goal in the verificatio"
        "n",
        "n_goals": "Verification: the plan run with a fresh seed; under the verified P(met), its "
        "interval (Wilson, each bound one-sided 90%); a goal holds when the lower bound reaches "
        "the required probability. Binding: the plan meets the goal with no room to spare, so "
        "relaxing it would lower the cost. Lever that moves it most: the largest effect of one "
        "step.",
        "t_frontier": "Least cost at each required probability",
        "n_frontier": "Each probability's least cost is the cheapest of every plan checked by "
        "simulation (design points, each round's check, each probability's solve and the "
        "plan's verification) whose goals' lower bounds all reach it. Goals met: those whose "
        "lower bound reaches the requirement; – : no checked plan reaches that probability.",
        "f_frontier": "Least cost at each required probability (filled: checked by simulation; "
        "hollow: the surrogate's prediction)",
    },
}  # fmt: skip


#: The source line under every table and figure, by what the figures come from.
SOURCES = {
    "zh": {
        "simulation": "资料来源：本报告情景模拟（每个情景{reps}次重复模拟）。",
        "with_base": "资料来源：基准年为地区数据包数值；其余为本报告情景模拟（每个情景{reps}次"
        "重复模拟）。",
        "pack": "资料来源：地区数据包的基准年数据，各项来源见表内。",
        "sensitivity": "资料来源：本报告全局敏感性分析。",
        "evaluation": "资料来源：规划目标与已公布统计数据；预测为本报告情景模拟。",
        "parameters": "资料来源：默认参数表与地区数据包，取本次运行所用的值。",
        "optimisation": "资料来源：本报告投资方案优化及其模拟核验。",
    },
    "en": {
        "simulation": "Source: this report's simulation ({reps} replications per scenario).",
        "with_base": "Source: base year, the district pack's figures; other years, this "
        "report's simulation ({reps} replications per scenario).",
        "pack": "Source: the district pack's base-year figures; each row names its source.",
        "sensitivity": "Source: this report's global sensitivity study.",
        "evaluation": "Source: the plan's targets and published statistics; projections from "
        "this report's simulation.",
        "parameters": "Source: the default parameter table and the district pack, as this run "
        "used them.",
        "optimisation": "Source: this report's optimisation and its check by simulation.",
    },
}
