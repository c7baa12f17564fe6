package extract

import (
	"strings"
	"unicode"
)

// foldRune maps one code point to the form used for matching: full-width
// ASCII to half-width, the ideographic space to a space, Latin upper case
// to lower case, a traditional character to its simplified form, and the
// many middle dots of transliterated names to one. It never changes the
// number of code points, so an index into the folded text is an index into
// the original text: offsets always point into what the user gave us.
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case r == 0x3000:
		return ' '
	case r == '•' || r == '・' || r == '‧' || r == '∙' || r == '⋅':
		return '·'
	}
	if r < 0x10000 && tradBits[r>>6]&(1<<(r&63)) != 0 {
		return tradToSimp[r]
	}
	if r >= 0x2000 && r < 0xA000 {
		return r // punctuation, CJK symbols and ideographs have no case
	}
	if unicode.IsUpper(r) {
		return unicode.ToLower(r)
	}
	return r
}

// fold returns the folded form of s (see foldRune).
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldRunes folds rs into a new slice of the same length.
func foldRunes(rs []rune) []rune {
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[i] = foldRune(r)
	}
	return out
}

// tradToSimp is a small table of the traditional characters common in
// Taiwanese and Hong Kong news about companies, schools and technology.
// It is not a full converter: it only has to make names match the
// simplified lexicon, and a missing character just means a missed match.
var tradToSimp = func() map[rune]rune {
	const pairs = "" +
		"萬万與与專专業业東东絲丝兩两嚴严喪丧個个豐丰臨临為为麗丽舉举義义烏乌樂乐喬乔習习鄉乡書书買买亂乱" +
		"爭争於于虧亏雲云亞亚產产畝亩親亲億亿僅仅從从侖仑倉仓儀仪們们價价眾众優优會会傘伞偉伟傳传傷伤倫伦" +
		"偽伪體体餘余傭佣僉佥俠侠侶侣僥侥偵侦側侧僑侨儈侩儕侪儂侬儘尽兇凶充充兌兑兒儿黨党蘭兰關关興兴" +
		"養养獸兽內内岡冈冊册寫写軍军農农馮冯衝冲決决況况凍冻淨净準准涼凉減减湊凑凜凛幾几鳳凤鳧凫憑凭凱凯" +
		"擊击鑿凿芻刍劃划劉刘則则剛刚創创刪删別别剎刹劑剂剝剥劇剧勸劝辦办務务勱劢動动勵励勁劲勞劳勢势勳勋" +
		"區区醫医華华協协單单賣卖盧卢滷卤臥卧衛卫卻却廠厂廳厅曆历厲厉壓压厭厌厙厍廁厕廂厢廈厦廚厨廄厩" +
		"縣县參参雙双發发變变敘叙疊叠號号嘆叹嚇吓嗎吗啟启吳吴員员聽听嗆呛嗚呜鹹咸響响啞哑問问啓启喚唤" +
		"團团園园圍围圖图國国圓圆聖圣場场壞坏塊块堅坚壇坛壩坝塢坞墳坟墜坠壘垒墾垦塗涂壺壶處处備备" +
		"頭头夾夹奪夺奮奋獎奖奧奥婦妇媽妈嫵妩嬌娇孫孙學学寧宁寶宝實实寵宠審审憲宪宮宫將将專专尋寻對对導导" +
		"尷尴屆届層层屬属歲岁島岛峽峡崗岗嶺岭幣币帥帅師师帳帐帶带幫帮廣广莊庄慶庆廬庐張张彌弥彎弯強强歸归" +
		"當当錄录彙汇彥彦徹彻徑径後后徵征憶忆懷怀態态總总戀恋惡恶惱恼悅悦慮虑戰战戲戏戶户撲扑執执擴扩" +
		"掃扫揚扬擾扰撫抚拋抛搶抢護护報报擔担擁拥擇择掛挂擋挡揮挥損损撿捡換换據据擬拟攜携攝摄擺摆" +
		"數数斂敛斷断無无舊旧時时曉晓暫暂曖暧機机權权條条來来楊杨極极構构槍枪東东樣样檢检歡欢" +
		"歐欧殘残殺杀毀毁氣气漢汉湯汤溝沟沒没滬沪淚泪潔洁濟济灣湾滅灭濃浓測测營营滿满漁渔溫温灑洒" +
		"災灾點点煉炼爐炉熱热愛爱牆墙狀状獨独獲获猶犹環环現现瑪玛產产畫画異异療疗盡尽監监盤盘眾众" +
		"碼码礦矿確确禮礼種种稱称穩稳窮穷競竞筆笔築筑簡简類类糧粮紀纪約约級级紅红純纯紙纸紛纷組组" +
		"細细終终經经結结給给絡络統统網网線线練练縮缩織织績绩總总繼继續续羅罗職职聯联聲声膽胆腦脑" +
		"興兴與与艦舰藝艺節节範范薦荐藥药蘇苏萬万號号蟲虫術术衝冲複复規规視视覽览覺觉觸触計计討讨" +
		"訓训記记講讲許许論论設设訪访證证評评識识詞词試试話话該该詳详語语誤误說说請请讀读課课調调" +
		"談谈諮咨謀谋謝谢議议讓让豐丰貝贝負负財财責责貨货販贩貫贯貿贸費费資资賈贾賓宾質质購购贊赞" +
		"趕赶趨趋躍跃車车軟软載载輕轻較较輔辅輸输辦办邊边遞递這这連连進进運运遠远適适選选遺遗還还" +
		"郵邮鄭郑醫医釋释針针鋼钢錢钱鐵铁銀银鏈链鎮镇長长門门開开間间閱阅關关陽阳陳陈陸陆際际隊队" +
		"階阶隨随險险隱隐雜杂雞鸡離离電电霧雾靈灵靜静韓韩頁页項项順顺須须預预領领頻频題题顏颜願愿" +
		"類类顧顾風风飛飞飲饮館馆馬马驅驱驗验體体髮发鬥斗魚鱼鳥鸟鹽盐麥麦黃黄齊齐齒齿龍龙龜龟" +
		"灣湾蘋苹瑩莹譯译隸隶鄧邓顯显蕭萧劉刘趙赵錢钱孫孙鄒邹鄔邬錦锦譚谭龔龚黎黎聶聂韋韦葉叶滙汇" +
		"騰腾訊讯嗶哔網网聯联眾众鑫鑫閩闽粵粤滬沪遼辽蘆芦碩硕莊庄檔档綫线雲云數数據据庫库夥伙"
	m := make(map[rune]rune, len(pairs)/2)
	rs := []rune(pairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}()

// tradBits marks the code points tradToSimp maps, so that the common
// case (a character with no mapping) costs no map lookup.
var tradBits = func() []uint64 {
	b := make([]uint64, 0x10000/64)
	for r := range tradToSimp {
		if r < 0x10000 {
			b[r>>6] |= 1 << (r & 63)
		}
	}
	return b
}()

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3400 && r <= 0x4DBF:
		return true
	case r < 0x2E80:
		return false
	}
	return unicode.Is(unicode.Han, r)
}

// isLatinOrDigit reports whether r is an ASCII letter or digit after
// folding; model and product names are built from these.
func isLatinOrDigit(r rune) bool {
	return ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z')
}
