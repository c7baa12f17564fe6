// Package synth generates synthetic but realistic Chinese AI-industry news
// for benchmarks: interviews, company news, policy news and deals, written
// from templates in the style of real articles, with new people,
// organisations, titles, products and quotes, so the graph grows with the
// number of articles. The same seed gives the same articles.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"kg/schema"
)

// Generator makes articles; it is not safe for concurrent use.
type Generator struct {
	r    *rand.Rand
	seed uint64
	n    int
	// Pools grow as articles are made, and are drawn from again, so that
	// later articles share people and organisations with earlier ones.
	people   []person
	orgs     []string
	products []string
}

type person struct{ name, org, title string }

// New returns a generator of the sequence for seed.
func New(seed uint64) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, 0x6b67)), seed: seed}
}

var (
	surnames   = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建文斌宇浩凯健俊帆帅旭宁晨阳佳欣怡思雨博晓彤嘉琪瑞轩子涵一诺梓睿昊然天佑新宸峰岚曦")
	cities     = []string{"北京", "上海", "深圳", "杭州", "武汉", "南京", "成都", "合肥", "西安", "苏州", "广州", "天津", "重庆", "长沙", "厦门", "青岛"}
	orgCores   = []string{"星河", "智源", "云启", "深度", "天工", "灵犀", "启明", "万象", "极光", "数智", "未来", "鸿鹄", "盘古", "羲和", "九章", "昆仑", "长风", "清源", "博睿", "智谱"}
	companySuf = []string{"智能科技有限公司", "人工智能科技有限公司", "科技集团", "信息技术有限公司", "机器人有限公司", "半导体有限公司"}
	instSuf    = []string{"人工智能研究院", "智能计算研究所", "数字经济研究院", "大学人工智能学院", "产业促进会", "机器人产业联盟"}
	govBodies  = []string{"工业和信息化部", "国家发展和改革委员会", "科学技术部", "国家数据局", "上海市经济和信息化委员会", "深圳市工业和信息化局", "北京市科学技术委员会"}
	media      = []string{"长江日报", "新华社", "人民日报", "第一财经", "21世纪经济报道", "科技日报"}
	bizTitles  = []string{"董事长", "首席执行官", "总裁", "副总裁", "首席技术官", "创始人", "总经理", "技术总监"}
	instTitles = []string{"院长", "副院长", "教授", "研究员", "首席科学家", "秘书长", "主任"}
	techs      = []string{"人工智能", "大模型", "智能芯片", "机器学习", "深度学习", "计算机视觉", "自然语言处理", "具身智能", "自动驾驶", "智能制造", "云计算", "多模态大模型"}
	industries = []string{"智能制造", "汽车", "医疗", "金融", "教育", "能源", "物流", "工业制造"}
	policies   = []string{"“人工智能+”行动", "新型工业化行动方案", "算力基础设施高质量发展行动计划", "数据要素×三年行动计划", "具身智能产业发展规划"}
	brands     = []string{"Nova", "Orion", "Lumi", "Atlas", "Vega", "Pangu", "Qilin", "Tianji", "Feng", "Lingxi"}
	background = []string{
		"业内人士指出，随着算力成本下降和开源模型的普及，人工智能应用正在加速向各行各业渗透。",
		"数据显示，今年前三季度我国人工智能核心产业规模持续增长，相关企业数量超过四千家。",
		"与此同时，围绕数据安全、算法治理和知识产权的讨论也日益增多。",
		"多地出台专项政策，从算力补贴、场景开放和人才引进等方面支持产业发展。",
		"分析认为，行业应用的深度和广度，将决定下一阶段竞争的格局。",
	}
	quotes = []string{
		"大模型正在从技术突破走向产业落地，关键是找到真正的应用场景",
		"算力、数据和算法三者缺一不可，我们会持续加大研发投入",
		"人工智能与实体经济深度融合，是发展新质生产力的重要引擎",
		"未来三年，行业大模型会在制造、医疗和金融领域率先规模化应用",
		"开源生态让中小企业也能用上先进的模型能力",
		"芯片自主可控是产业安全的基础，需要长期坚持",
		"数据要素的流通和治理，将决定人工智能发展的上限",
		"具身智能是下一个十年最值得期待的方向之一",
	}
)

func (g *Generator) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *Generator) name() string {
	n := string(surnames[g.r.IntN(len(surnames))])
	for range 1 + g.r.IntN(2) {
		n += string(givenChars[g.r.IntN(len(givenChars))])
	}
	return n
}

func (g *Generator) newOrg(company bool) string {
	if company {
		return g.pick(cities) + g.pick(orgCores) + g.pick(companySuf)
	}
	return g.pick(cities) + g.pick(orgCores) + g.pick(instSuf)
}

// org draws a known organisation three times in four, else a new one.
func (g *Generator) org(company bool) string {
	if len(g.orgs) > 8 && g.r.IntN(4) > 0 {
		return g.orgs[g.r.IntN(len(g.orgs))]
	}
	o := g.newOrg(company)
	g.orgs = append(g.orgs, o)
	return o
}

func (g *Generator) person() person {
	if len(g.people) > 8 && g.r.IntN(3) == 0 {
		return g.people[g.r.IntN(len(g.people))]
	}
	company := g.r.IntN(2) == 0
	p := person{name: g.name(), org: g.org(company), title: g.pick(instTitles)}
	if strings.HasSuffix(p.org, "公司") || strings.HasSuffix(p.org, "集团") {
		p.title = g.pick(bizTitles)
	}
	g.people = append(g.people, p)
	return p
}

func (g *Generator) product() string {
	if len(g.products) > 8 && g.r.IntN(3) == 0 {
		return g.products[g.r.IntN(len(g.products))]
	}
	p := fmt.Sprintf("%s-%d", g.pick(brands), 1+g.r.IntN(9))
	if g.r.IntN(2) == 0 {
		p = fmt.Sprintf("%s%s大模型", g.pick(orgCores), []string{"", "Pro", "2.0", "X"}[g.r.IntN(4)])
	}
	g.products = append(g.products, p)
	return p
}

// Next returns the next article of the sequence.
func (g *Generator) Next() schema.Article {
	g.n++
	var title string
	var b strings.Builder
	tech, ind := g.pick(techs), g.pick(industries)
	for ind == tech {
		ind = g.pick(industries)
	}
	switch g.n % 4 {
	case 0: // interview with two experts and a media outlet's questions
		m, p1, p2 := g.pick(media), g.person(), g.person()
		title = fmt.Sprintf("专家谈%s：%s赋能%s", tech, tech, ind)
		fmt.Fprintf(&b, "近日，%s邀请%s%s%s，%s%s%s，围绕%s如何赋能%s展开探讨。", m, p1.org, p1.title, p1.name, p2.org, p2.title, p2.name, tech, ind)
		fmt.Fprintf(&b, "%s：%s发展的关键是什么？", m, tech)
		fmt.Fprintf(&b, "%s：%s。", p1.name, g.pick(quotes))
		fmt.Fprintf(&b, "%s：%s。", p2.name, g.pick(quotes))
		fmt.Fprintf(&b, "%s认为，%s。", p1.name, g.pick(quotes))
	case 1: // company releases a product
		c, p, prod := g.org(true), g.person(), g.product()
		title = fmt.Sprintf("%s发布%s", c, prod)
		fmt.Fprintf(&b, "%s今日在%s发布了%s，主打%s能力。", c, g.pick(cities), prod, tech)
		fmt.Fprintf(&b, "%s%s%s表示：“%s。”", c, p.title, p.name, g.pick(quotes))
		fmt.Fprintf(&b, "据介绍，%s由%s自主研发，已在%s行业落地。", prod, c, ind)
	case 2: // policy news
		gov, pol, p := g.pick(govBodies), g.pick(policies), g.person()
		title = fmt.Sprintf("%s部署%s", gov, pol)
		fmt.Fprintf(&b, "%s近日印发通知，提出开展%s，推动%s与%s深度融合。", gov, pol, tech, ind)
		fmt.Fprintf(&b, "%s%s%s指出，%s。", p.org, p.title, p.name, g.pick(quotes))
	default: // investment and partnership
		a, c, p := g.org(true), g.org(true), g.person()
		inst := g.org(false)
		title = fmt.Sprintf("%s投资%s", a, c)
		fmt.Fprintf(&b, "%s宣布投资%s，双方将在%s领域展开合作。", a, c, tech)
		fmt.Fprintf(&b, "同时，%s与%s签署战略合作协议。", c, inst)
		fmt.Fprintf(&b, "%s%s%s说：“%s。”", p.org, p.title, p.name, g.pick(quotes))
	}
	for range 1 + g.r.IntN(3) {
		b.WriteString(g.pick(background))
	}
	text := b.String()
	return schema.Article{
		ID:           fmt.Sprintf("synth-%d-%07d", g.seed, g.n),
		Title:        title,
		URL:          fmt.Sprintf("https://news.example.com/ai/%d/%07d.html", g.seed, g.n),
		Published:    fmt.Sprintf("2026-%02d-%02d", 1+g.n%12, 1+g.n%28),
		Source:       "synth",
		Keywords:     []string{tech},
		Technologies: []string{tech},
		Industries:   []string{ind},
		Text:         text,
	}
}
