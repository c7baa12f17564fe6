package extract

import (
	"strings"

	"kg/schema"
)

// orgSuffix is a word that ends organisation names and tells their type.
// A weak suffix (中心, 部, 网) also ends many common nouns, so the name in
// front of it must contain a proper noun (a place, an organisation, a
// Latin brand) to count.
type orgSuffix struct {
	typ  schema.EntityType
	weak bool
}

var orgSuffixes = func() map[string]orgSuffix {
	m := make(map[string]orgSuffix)
	add := func(typ schema.EntityType, weak bool, words string) {
		for _, w := range strings.Fields(words) {
			m[w] = orgSuffix{typ, weak}
		}
	}
	add(schema.Company, false, "公司 有限公司 股份有限公司 有限责任公司 集团 集团公司 控股 银行 证券 保险 "+
		"实业 地产 置业 药业 制药 电器 电气 重工 化工 钢铁 影业 资本 创投 百货 商场 超市 酒店 "+
		"分公司 总公司 子公司 分行 支行 商行 信用社 事务所 律师事务所 会计师事务所 工作室 "+
		"商业银行 农村商业银行 农商行 城商行 农村信用社 村镇银行 "+
		"股份 基金公司 投资公司 汽车公司 制造厂 电厂 交易所 证券交易所 期货交易所")
	add(schema.Company, true, "科技 汽车 航空 电子 网络 通信 能源 石油 传媒 投资 信托 物流 软件 置地 "+
		"半导体 微电子 医药 生物 食品 厂 工厂")
	add(schema.Institution, false, "大学 学院 研究院 研究所 研究中心 研究会 科学院 工程院 社科院 "+
		"实验室 重点实验室 促进会 协会 学会 联合会 商会 基金会 医院 学校 中学 小学 幼儿园 "+
		"博物馆 图书馆 俱乐部 理事会 研究基地 创新中心 孵化器 智库 党校 职业技术学院 联谊会 "+
		"科研院 设计院 规划院 研究室 书院 学社 球队 代表队 国家队 出版社")
	add(schema.Institution, true, "中心 联盟 组织 委员会 队")
	add(schema.GovernmentBody, false, "人民政府 国务院 厅 局 署 法院 人民法院 检察院 人民检察院 "+
		"公安局 海关 管委会 办公厅 大使馆 领事馆 使馆 总局 人大常委会 常委会 市委 省委 县委 区委 "+
		"监管局 税务局 统计局 部委 纪委 监委 卫健委 发改委 工信厅 "+
		"派出所 看守所 车管所 交警队 中院 高院 公安分局 分局 支队 总队 指挥部 司令部 政府 市政府 省政府 县政府 "+
		"区政府 州政府 教委 住建委 建委 国资委 工商局 房管局 国土局 地税局 国税局 环保局 交通局 物价局 商务局 "+
		"外交部 国防部 防卫省 外务省 参议院 众议院 议会 国会 警察局 警察厅 移民局 联邦调查局 中央情报局 "+
		"政协 人大 人大常委会")
	add(schema.GovernmentBody, true, "部 委 办 办公室 军 军区 部队 海军 空军 陆军 军队 海军陆战队 舰队 警方 自卫队 军方 "+
		"部门 主管部门")
	add(schema.Media, false, "日报 晚报 早报 时报 晨报 商报 周刊 周报 杂志 电视台 广播电台 电台 卫视 "+
		"通讯社 新闻社 报社 杂志社 新闻网 融媒体中心")
	add(schema.Media, false, "证券报 青年报 经济报 法制报 科技报 导报 都市报 画报 报业集团")
	add(schema.Media, true, "网")
	// Venues end in words of organisations but are places: a congress
	// centre hosts events, it does not act.
	add(schema.Location, false, "会议中心 会展中心 展览中心 国际会议中心 国际会展中心 购物中心 游客中心")
	return m
}()

// namingSuffix are company suffixes that only ever end a registered
// name, never a kind of company (绿城集团, 天鹰棉花产业有限公司), so the name
// in front needs no proper noun.
var namingSuffix = setOf("集团 有限公司 股份有限公司 有限责任公司 集团公司 控股集团")

// maxOrgSuffixLen bounds the suffix lookup.
const maxOrgSuffixLen = 7

// orgSuffixTrie finds every suffix word starting at a position.
var orgSuffixTrie = func() *trie {
	t := newTrie()
	for w := range orgSuffixes {
		t.add([]rune(w), 0)
	}
	return t.freeze()
}()

// nonOrgWords are common words that end in an organisation suffix but
// name no organisation (会客厅, 干部, 东部, 核心, 平局).
var nonOrgWords = setOf("客厅 会客厅 餐厅 大厅 展厅 门厅 歌厅 舞厅 全部 干部 总部 内部 外部 局部 大部 " +
	"东部 西部 南部 北部 中部 头部 腹部 底部 顶部 背部 面部 脑部 胸部 腰部 腿部 足部 根部 尾部 本部 " +
	"这部 那部 各部 一部 首部 全局 大局 格局 布局 结局 当局 开局 出局 棋局 饭局 骗局 残局 终局 时局 政局 " +
	"牌局 赌局 平局 胜局 败局 变局 梯队 车队 军队 排队 插队 领队 带队 归队 入队 组队 站队 团队 梯队 " +
	"联网 上网 互联网 电网 网络 官网 球网 渔网 天网 落网 物联网 重心 核心 市中心 信心 决心 爱心 " +
	"关心 开心 小心 用心 内心 中心 同心 真心 放心 热心 精心 耐心 细心 衷心 圆心 轴心 球心 " +
	"年报 海报 情报 简报 汇报 举报 预报 通报 电报 画报 喜报 捷报 快报 申报 回报 报 网 部 局 厅 " +
	"委 办 队 社 院 馆 站 团 所 军 组织 科技 高科技 黑科技 文化 投资 能源 汽车 航空 电子 通信 传媒 " +
	"石油 软件 智能 物流 信托 医药 生物 食品 机器人 半导体 股份 控股 保险 证券 " +
	"主队 客队 球队 强队 弱队 支球队 全队 本队 两队 各队 联盟 委员会 办公室 工厂 厂 场所 住所 处所 厕所 诊所 哨所 寓所 会所 所 剧院 影院 庭院 " +
	"医院 法院 学院 书院 寺院 戏院 宅院 大院 后院 前院 病院 养老院 疗养院 电影院 研究院 " +
	"社团 集团 兵团 剧团 乐团 财团 旅行团 代表团 考察团 访问团 主席团 智囊团 " +
	"车站 网站 站 驿站 加油站 充电站 基站 空间站 " +
	"报社 旅社 合作社 结社 公社 出版社 " +
	"将军 冠军 亚军 季军 军 大军 红军 敌军 全军 参军 联军 " +
	"国务院 政府 人民政府 银行 公司 大学 学校 中学 小学 协会 学会 俱乐部 实验室 研究所 博物馆 图书馆 " +
	"酒店 超市 商场 百货 地产 工作室 事务所 分行 支行 信用社 分公司 总公司 子公司 工厂 " +
	"部署 签署 布署 委员 编委 常委 党委 纪委 村委 居委 体委 研报 财报 季报 快报 周报 日报 晚报 早报 " +
	"上市公司 合资公司 独资公司 外资公司 科技公司 互联网公司 投资公司 保险公司 证券公司 基金公司 信托公司 " +
	"贷款公司 博彩公司 中介公司 物业公司 开发公司 房地产公司 地产公司 咨询公司 广告公司 建筑公司 工程公司 " +
	"贸易公司 物流公司 航空公司 汽车公司 电力公司 电信公司 石油公司 商业银行 外资银行 国有银行 大银行 " +
	"股份制银行 中资银行 网上银行 发卡银行 城商行 农商行 券商 科技集团 企业集团 " +
	"中医药 加工厂 精炼厂 家具厂 私人银行 " +
	"会议厅 报告厅 营业厅 宴会厅 大宴会厅 市政厅 礼堂 " +
	"主办 协办 承办 举办 创办 开办 新军 生力军 新力军 分部")

func setOf(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// orgStopWords end an organisation name on its left even though their
// part of speech would let them in (我国人工智能研究院 is not a name).
var orgStopWords = setOf("本报讯 本台讯 本刊讯 讯 去 令 当 故 经 支 参观 加盟 前往 来到 入住 访问 考察 加入 " +
	"开发商 承办方 主办方 协办方 运营商 供应商 经销商 代理商 地址 我国 国内 国外 海外 全国 各地 当地 本地 外地 该 本 各 其 这 那 此 某 一家 多家 是 在 有 到 让 给 对 被 把 将 向 从 由 为 以 于 要 会 能 说 称 " +
	"旗下 下属 所属 我们 他们 目前 近日 今年 去年 明年 日前 近期 如今 当前 包括 例如 比如 其中 以及 " +
	"邀请 来自 成立 组建 设立 联合 携手 作为 通过 记者 专家 教授 院长 副院长 主任 工作 发展中 " +
	"国家级 省级 市级 县级 世界级 知名 著名 大型 中小 企业 机构 部门 单位 厂家 厂商 公司 集团 " +
	"众多 不少 许多 大量 部分 一些 有关 相关 主要 重要 主管 分管 上级 下级 所在 原 现 前 新 " +
	"客户 用户 伙伴 合作伙伴 对手 竞争对手 股东 大股东 母公司 子公司 控股股东 其他 各家 两家 三家 四大")

// orgVerbs are verbs that occur inside organisation names (数字经济发展研究院).
var orgVerbs = setOf("发展 研究 投资 管理 开发 服务 促进 建设 交流 合作 创新 咨询 设计 检测 教育 培训 " +
	"出版 发行 贸易 经营 运营 制造 生产 销售 控股 规划 监督 保障 改革 认证 计算 传播 评估 孵化 " +
	"融资 担保 租赁 勘察 勘探 养殖 种植 开采 运输 救援 支付 结算 清算 交易 登记 信息化 工程 转化 " +
	"防御 保护 监测 监管 执法 审计 调查 侦查 拆迁 安置 仲裁 公证 检验 检疫 出入境 营销 策划 装饰 装修 物业 拍卖")

// orgs finds organisations by their structure: a suffix from orgSuffixes,
// extended to the left over words that can make up a name (places,
// proper nouns, common nouns, a few verbs) up to a stop. Every suffix
// position yields its own candidate, so a department that loses to a
// title (产业部部长) leaves the organisation before it (…促进会) standing.
// lexCands supplies the lexicon's organisations, which become parents of
// the longer names that start with them (北京大学 → 北京大学智能学院).
func orgs(t *text, lexCands []*cand) []*cand {
	lexOrgAt := make(map[span]*cand)
	for _, c := range lexCands {
		if c.typ.IsOrganisation() {
			if o, ok := lexOrgAt[c.span]; !ok || c.prio > o.prio {
				lexOrgAt[c.span] = c
			}
		}
	}
	titleAt := make(map[int]bool)
	for _, c := range lexCands {
		if c.typ == schema.Title {
			titleAt[c.start] = true
		}
	}
	var out []*cand
	byEnd := make(map[span]*cand)
	venueEnd := make(map[int]bool) // 会议中心 ends here: 中心 is no institution
	for i := 1; i < len(t.f); i++ {
		if !isHan(t.f[i]) || !orgSuffixTrie.mayStart(t.f[i]) {
			continue
		}
		orgSuffixTrie.matches(t.f, i, func(end int, _ []int32) {
			suf := orgSuffixes[t.fstr(span{i, end})]
			if !t.tokenStart(end) && !titleAt[end] {
				return // 银行卡 (but 吉林银行行长: gse glues 银行行长)
			}
			if suf.typ == schema.Location {
				venueEnd[end] = true
			} else if venueEnd[end] {
				return
			}
			if lexOrgAt[t.tok(i).span()] != nil {
				return // the lexicon already names this organisation
			}
			if teamNicknameList.longestAt(t.f, t.tok(i).start) == end {
				return // 蓝军: a club's nickname, see sportsTeams
			}
			if suf.weak && suf.typ != schema.GovernmentBody && continuesNoun(t, end) && !titleAt[end] &&
				!staffWords.hasAt(t.f, end) {
				return // 新一轮科技革命: the suffix word is inside a longer noun phrase
			}
			if suf.weak && suf.typ == schema.Company && strings.HasPrefix(t.tok(i).pos, "v") && t.tok(i).start == i {
				return // 阿里巴巴投资了: the suffix word is the sentence's verb
			}
			c := orgAt(t, i, end, suf)
			if c == nil {
				return
			}
			out = append(out, c)
			byEnd[c.span] = c
		})
	}
	out = append(out, placeOrgs(t, lexCands)...)
	// Parents: the longest organisation that starts where this one starts
	// and ends at a token boundary inside it.
	for _, c := range out {
		for e := c.end - 1; e > c.start+1; e-- {
			p := byEnd[span{c.start, e}]
			if p == nil {
				p = lexOrgAt[span{c.start, e}]
			}
			if p != nil && p.typ.IsOrganisation() {
				c.parent = p
				if c.weak && t.tokenStart(p.end) && (p.tier == tierLexicon || !p.weak) &&
					(p.typ != schema.Company || p.tier == tierLexicon) {
					// 招商银行信用卡中心, 中国银行总行战略发展部, 国家体育总局
					// 体育信息中心: a centre or a department is a unit of
					// the company, ministry or institution it belongs to.
					c.typ = p.typ
				}
				break
			}
		}
	}
	return out
}

// orgAt builds the organisation ending with the suffix at [s, end), or nil.
func orgAt(t *text, s, end int, suf orgSuffix) *cand {
	tk := t.tok(s)
	p := s
	proper := false
	if tk.start < s {
		// The suffix ends a longer token: 财政部, 法学院, 交通银行. Common
		// words that merely end like an organisation are not names.
		w := t.f[tk.start:end]
		if tk.end != end {
			return nil
		}
		for k := 0; k+(end-s) < len(w); k++ {
			if nonOrgWords[string(w[k:])] && (k == 0 || tk.pos != "nt") {
				// (民政局 is one organisation word for gse: 政局 in it
				// is no common word)
				return nil
			}
		}
		if tk.pos == "v" || tk.pos == "vi" || tk.pos == "vd" {
			return nil // 进军, 入局: the suffix ends a verb
		}
		p = tk.start
		proper = properPOS(tk.pos)
	}
	if r := t.at(s - 1); (strings.ContainsRune("一二两三四五六七八九十几每各多", r) || isDigit(r)) &&
		(tk.start == s || t.fstr(span{s, end}) == "部") {
		return nil // 天龙八部, 几部, 两军: a number and a measure word
	}
	if t.fstr(span{s, end}) == "军" && s-tk.start == 1 && surnameSet.has(t.f[tk.start]) {
		return nil // 罗军: a person's name (the lexicon knows 英军, 苏军)
	}
	tokens := 0
	if q := placeInParens(t, p); q < p && namingSuffix[t.fstr(span{s, end})] {
		// 花旗银行（中国）有限公司: a registered name with its place
		p, proper = q, true
	}
	for p > 0 && tokens < 8 && end-p < 26 {
		prev := t.tok(p - 1)
		if prev.end != p {
			break
		}
		w := t.fstr(span{prev.start, prev.end})
		// gse tags many brand words as names (雅戈尔/nr): inside a name with
		// a strong suffix they are its proper part.
		brand := !suf.weak && (prev.pos == "nr" || prev.pos == "nrfg" || prev.pos == "nrt") && prev.end-prev.start >= 2
		if w == "vs" || w == "v" {
			break // 利物浦队vs埃因霍温队: two teams of a fixture
		}
		// 辉煌集团: before a suffix that only ends names, an adjective is
		// part of the name.
		adj := namingSuffix[t.fstr(span{s, end})] && prev.pos == "a"
		if orgStopWords[w] || !(orgPOS(prev.pos, w, t.f[prev.start]) || morphemeInName(prev) || brand || adj ||
			(w == "与" && suf.typ == schema.GovernmentBody)) {
			break
		}
		if brand {
			proper = true
		}
		if w == "和" || w == "与" || w == "及" {
			// 工业和信息化部, 中国房地产及住宅研究会: a conjunction inside
			// the name of a ministry or an institution only.
			if suf.typ == schema.Company || suf.typ == schema.Media || prev.start == 0 || !isHan(t.f[prev.start-1]) {
				break
			}
			// 国土资源和房产管理局 but not 房管局和物价局: what the
			// conjunction joins is a field, not a body of its own.
			if before := t.tok(prev.start - 1); !conjoinedField(t, before) {
				break
			}
		}
		if properPOS(prev.pos) || isLatinOrDigit(t.f[prev.start]) {
			proper = true
		}
		p = prev.start
		tokens++
	}
	// Trim a leading conjunction and anything the loop let in that cannot
	// start a name, and a common word right before a place or a known
	// name, which is the verb or noun the name is the object of (援引俄罗斯
	// 国防部, 交由索尼动画制作公司, 回老家长治市长子县公安局): gse tags many
	// such verbs as nouns.
	for p < s {
		tk := t.tok(p)
		w := t.fstr(span{tk.start, tk.end})
		if w == "和" || w == "与" || w == "及" || orgStopWords[w] || tk.pos == "p" {
			p = tk.end // 经法院: a preposition
			continue
		}
		if next := t.tok(tk.end); tk.end < s && !properPOS(tk.pos) && !isLatinOrDigit(t.f[tk.start]) &&
			(next.pos == "ns" || next.pos == "nt") &&
			(tk.end-tk.start >= 2 || strings.HasPrefix(tk.pos, "v") || tk.pos == "p") {
			p = tk.end
			continue
		}
		break
	}
	if p >= s && t.tok(s).start >= s {
		return nil // a bare suffix (公司, 研究院) is no name
	}
	rs := t.f[p:end]
	name := string(rs)
	if orgStopWords[name] {
		return nil
	}
	// 光模块上市公司, 中小商业银行: a modifier and a generic noun, no name.
	for k := 0; len(rs)-k > end-s; k++ {
		if last := t.tok(s); last.pos == "nt" && last.end == end && p+k > last.start {
			break // inside one organisation word (民政局), see above
		}
		if nonOrgWords[string(rs[k:])] {
			return nil
		}
	}
	if suf.weak && !proper && !(suf.typ == schema.Institution && publicAgency(t, p, name)) {
		return nil // (市土地整理储备中心: the city's own agency needs no place name)
	}
	if !proper && (suf.typ == schema.Company || suf.typ == schema.Media || suf.typ == schema.Location) &&
		!namingSuffix[t.fstr(span{s, end})] {
		// 商业银行, 博彩公司, 信托公司: a kind of company, not a company.
		return nil
	}
	if end-p < 3 && !proper {
		return nil
	}
	if !proper && suf.typ == schema.Institution && (t.tok(s).start < s || t.tok(p).end == s) {
		// 行业协会, 语言学校, 中小学: one common word and the suffix name
		// a kind of institution, not one.
		return nil
	}
	if suf.typ == schema.Media && foreignMediaKind(t, p, s) {
		return nil
	}
	typ := suf.typ
	if typ == schema.Institution && strings.HasSuffix(name, "委员会") && govPrefix(name) {
		typ = schema.GovernmentBody
	}
	if typ == schema.Institution && (strings.HasPrefix(name, "国务院") || publicAgency(t, p, name)) {
		typ = schema.GovernmentBody
	}
	conf := 0.8
	if suf.weak {
		conf = 0.65
	}
	return &cand{span: span{p, end}, typ: typ, conf: conf, tier: tierStructure, rule: "org-suffix", weak: suf.weak}
}

// placeInParens returns where a bracketed place such as （中国） or
// (北京) that ends at p starts, or p.
func placeInParens(t *text, p int) int {
	if r := t.at(p - 1); r != '）' && r != ')' {
		return p
	}
	q := p - 2
	for q >= 0 && p-1-q <= 6 && isHan(t.f[q]) {
		q--
	}
	if q < 0 || (t.f[q] != '（' && t.f[q] != '(') || p-2-q < 2 || t.tok(q+1).pos != "ns" {
		return p
	}
	return q
}

// conjoinedField reports whether tk, the word before 和 or 与 inside a
// ministry's name, is a field (工业, 住房, 国土资源) rather than the end of
// another body's name.
func conjoinedField(t *text, tk token) bool {
	w := t.f[tk.start:tk.end]
	switch tk.pos {
	case "n", "vn", "an", "l":
	case "v":
		if !orgVerbs[string(w)] {
			return false // (住房保障和房产管理局: 保障 is a field too)
		}
	default:
		return false
	}
	if len(w) < 2 {
		return false // 董飞与…管委会: a field is a word, not a name's last character
	}
	for k := range w {
		if _, ok := orgSuffixes[string(w[k:])]; ok {
			return false
		}
	}
	return true
}

// staffWords after an organisation name are its people (招行信用卡中心工作人员),
// not the rest of a longer noun phrase.
var staffWords = newWordList("工作人员", "人员", "员工", "职员", "人士", "官员", "负责人", "发言人", "客服", "有关",
	"相关")

// continuesNoun reports whether the token at i goes on with a common noun
// phrase (科技 → 革命), so that a weak suffix before it ends no name.
func continuesNoun(t *text, i int) bool {
	if i >= len(t.f) || !isHan(t.f[i]) {
		return false
	}
	switch t.tok(i).pos {
	case "n", "vn", "nz", "ng", "an", "l":
		return true
	}
	return false
}

// publicAgency tells a city's or a province's administrative centre
// (武汉市住房保障管理中心, 北京市土地整理储备中心) from other centres: it
// starts with an administrative place and names an administrative task.
func publicAgency(t *text, p int, name string) bool {
	if !strings.HasSuffix(name, "中心") {
		return false
	}
	tk := t.tok(p)
	if !strings.ContainsRune("市省县区", t.f[tk.end-1]) || (tk.pos != "ns" && tk.end-tk.start != 1) {
		return false // neither a place of its own (武汉市) nor the city's own (市…)
	}
	for _, w := range []string{"管理", "保障", "储备", "担保", "发行", "监督", "测绘", "登记", "交易"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// govPrefix tells a government committee (国家发展和改革委员会, 北京市
// 委员会) from an expert one.
func govPrefix(name string) bool {
	for _, w := range []string{"国家", "中央", "人民", "省", "市", "县", "自治区", "政府", "国务院", "人大"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// properPOS are the tags of proper nouns and abbreviations.
func properPOS(pos string) bool {
	switch pos {
	case "ns", "nt", "nz", "nrt", "j":
		return true
	}
	return false
}

// morphemeInName lets in the single characters gse cannot place in an
// unknown name (杭州云深处科技: 云/zg, 北京市住建委: 住/v): bound morphemes,
// adjectives, abbreviations, name characters, never particles, pronouns,
// prepositions or numbers, nor the words of orgStopWords.
func morphemeInName(tk token) bool {
	if tk.end-tk.start != 1 {
		return false
	}
	switch tk.pos {
	case "zg", "ng", "g", "ag", "a", "vg", "tg", "nr", "nrfg", "v":
		return true
	}
	return false
}

// orgPOS tells which words may stand inside an organisation's name.
func orgPOS(pos, w string, first rune) bool {
	switch pos {
	case "ns", "nt", "nz", "n", "j", "vn", "b", "an", "ng", "nrt", "l", "s":
		return true
	case "x":
		return isLatinOrDigit(first) && !isDigit(first)
	case "c":
		return w == "和" || w == "与" || w == "及"
	case "v":
		return orgVerbs[w]
	}
	return false
}

// placeOrgs joins a place written right before a lexicon company or
// government body into one name (上海浦发银行, 香港佳士得, 埃及文化部: not
// China's ministry) and, for companies, a country or region right after it
// (花旗中国, 中银香港): the local branch is named so, and it resolves to the
// company itself by its short form.
func placeOrgs(t *text, lexCands []*cand) []*cand {
	locEnd := make(map[int]*cand)
	locStart := make(map[int]*cand)
	for _, c := range lexCands {
		if c.typ == schema.Location && !c.nestedOnly {
			locEnd[c.end] = c
			locStart[c.start] = c
		}
	}
	var out []*cand
	for _, c := range lexCands {
		if (c.typ != schema.Company && c.typ != schema.GovernmentBody) || c.nestedOnly {
			continue
		}
		if l := locEnd[c.start]; l != nil {
			out = append(out, &cand{span: span{l.start, c.end}, typ: c.typ, conf: 0.75, tier: tierStructure, rule: "place-org"})
		}
		if c.typ != schema.Company {
			continue
		}
		if l := locStart[c.end]; l != nil && (t.tokenStart(l.end) || l.end == len(t.f)) && !regionalNoun(t, l.end) {
			out = append(out, &cand{span: span{c.start, l.end}, typ: c.typ, conf: 0.7, tier: tierStructure, rule: "org-place"})
		}
	}
	return out
}

// regionalNoun reports whether a common noun starts at i: after a
// company and a region it makes the region the company's market, not
// its branch (荷银亚洲业务, 渣打中国业绩).
func regionalNoun(t *text, i int) bool {
	if i >= len(t.f) || !isHan(t.f[i]) {
		return false
	}
	switch tk := t.tok(i); tk.pos {
	case "n", "vn", "an", "ng":
		return tk.start == i
	}
	return false
}

// foreignMediaKind reports whether [p, s), the words before a media
// suffix, are a foreign country and common nouns at most: 法国杂志,
// 英国游戏杂志 and 韩国电视台 say what kind of outlet, they name none.
// China's national outlets are named so (中国日报, 中国青年报).
func foreignMediaKind(t *text, p, s int) bool {
	tk := t.tok(p)
	if tk.pos != "ns" || t.f[tk.end-1] != '国' || t.fstr(tk.span()) == "中国" || tk.end > s {
		return false
	}
	for q := tk.end; q < s; {
		w := t.tok(q)
		if w.pos != "n" && w.pos != "vn" && w.pos != "nz" && w.pos != "l" {
			return false
		}
		q = w.end
	}
	return true
}
