package extract

import "strings"

// Chinese surnames: the common single-character ones (the top few hundred
// by population) and the double ones still in use. A surname only opens a
// candidate; the context decides (see persons.go).
const singleSurnames = "" +
	"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈" +
	"姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向" +
	"汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕" +
	"单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦" +
	"褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩" +
	"佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储栗燕楚鄢劳谌奚皮粟冼蔺楼闻厉伊仝郜海阚强帅" +
	"屠豆朴盖练廉禹祖漆卿国狄平索宣晋云容敬扈晁芮阙浦戈伏鹿薄邸雍辜裘亓" +
	"修邰赫杭逯茹慕亢嵇哈湛宾戎勾茅尉元束檀昝奉" +
	"植衡富尧闭由" +
	"傅阎萧洪赖鄂邴濮郦蔚郗宓隗蓟逄訾厍"

const doubleSurnames = "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 独孤 " +
	"南宫 西门 百里 呼延 澹台 钟离 申屠 太史 万俟 闻人 赫连 第五 左丘 东郭 公羊 梁丘 羊舌 微生 谷梁 拓跋 " +
	"完颜 爱新觉罗 叶赫那拉"

var (
	surnameSet        = newRuneSet(singleSurnames)
	doubleSurnameList = newWordList(strings.Fields(doubleSurnames)...)
)

// commonSurnames are the hundred most frequent surnames, which carry a
// two-character name with weaker context than the rare ones.
var commonSurnames = newRuneSet("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏" +
	"魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")

// surnameLen returns the length of the surname starting at i (2 for a
// double surname, 1 for a single one) or 0.
func surnameLen(t *text, i int) int {
	if i < 0 || i >= len(t.f) {
		return 0
	}
	if end := doubleSurnameList.longestAt(t.f, i); end > 0 {
		return end - i
	}
	if surnameSet.has(t.f[i]) {
		return 1
	}
	return 0
}

// notInGivenName are characters that practically never occur in a given
// name but often follow a surname-like character in running text.
var notInGivenName = newRuneSet("的了是在和与或及等也都说表示认为指出就被把对从于上下这那其之将已会要能可没不很最更所以而并但却" +
	"个们年月日时分号位次些种样么什哪谁每各该此本我你他她它您吗呢吧啊呀哦嗯着过地得" +
	"省市县区镇村路街司团局厅委部队又再便即皆仍竟还确")

// givenNameChars are the characters common in Chinese given names. A
// candidate whose given name is made of them looks like a name even
// without context (龚强华); one made of other characters (银行卡, 向右走)
// needs strong context to be taken for a name.
var givenNameChars = newRuneSet("" +
	"伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛" +
	"昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇" +
	"固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧" +
	"巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣" +
	"叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪" +
	"澜纯毓悦昭冰爽琬茗羽希欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇" +
	"纪宽灵媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨洋忠宗曼紫逸贤蝶菡绿蓝儿烟小少修彤敏泓锋钢铁长冬夏培禄智焱喆纹宾一向中" +
	"圣肇扬捷路腊曈立军良甫继永炳根宝焕金银铭锡钰键镇锐鑫淼森柏桐桥樱楚歆毅婧妤娴嫣媛婉姗姝娉琛璇瑜瑛璟珏琨" +
	"琳珂玮珺瑶璋琦晗昕昀晟晖晔暄曦旻昱景晋朝亦奕衡卫辉耀燊煜炜烨熙然照熊熠灿炯锦绮缨绍维纬绪缘纯凌凯冉冲凤" +
	"勋劲励勤化北南卓占卿原友双吉同名君启和咏品哲唐善喜嘉园坤城基培堃增墨士壮声夫奎妙娅婷嫦宁宇守安宏宗定宜宪" +
	"宸富寅封尚展山岗岚峻崇崎嵘川州巍帆希帅常干年幸广庆应康延建弘强彦彬彭征徐德志忠恩悦惠意慈成戈才承拓振效" +
	"敏敦斐新方施旭昂昆昊春昭晨晶智暖曙月有望木本朴杉材杰松林果枫栋格桂梓森楷榆槐模樵欣正武殿毓民永汉江汝沁" +
	"沛治泉法泰洪洲浩海涛润涵淳清渊湘溪滨潇潘澄澍濠灏炎烈煌燕牧玄率王珍理琅瑞璞生田由甲申男畅百皓盈真睿知石" +
	"硕磊礼祖祥祯福秀秉科秦程稳立章端竹笑策箫精素红纲绅继缤罗美羡群羽翔翠翰耕聆育胜能自致舜航良艺芃芝芬芮苗" +
	"若英茂茹荣莹菲萌萍蒙蓬蕾薇藩虎虹蛟融衍表裕西誉语诗谊谦豪贤贵贻超越跃轩辉达迪通逸道遥邦郁采里重野量钊钧" +
	"铎锋闯闻阔阳雄雅雨雪雯震霖霞青靖静韬韵顺颂颖风飒飞馨骏高鲁鸣鹤鹰鸿黎鼎齐")

// looksGiven reports whether every character of a given name is common in
// given names.
func looksGiven(rs []rune) bool {
	for _, r := range rs {
		if !givenNameChars.has(r) {
			return false
		}
	}
	return true
}

// runeSet is a set of code points as a bitmap over the Basic Multilingual
// Plane: membership is a shift and a mask, no hashing.
type runeSet []uint64

func newRuneSet(chars string) runeSet {
	s := make(runeSet, 0x10000/64)
	for _, r := range chars {
		if r < 0x10000 {
			s[r>>6] |= 1 << (r & 63)
		}
	}
	return s
}

// keySet is the set of a map's keys (those in the BMP).
func keySet[V any](m map[rune]V) runeSet {
	s := make(runeSet, 0x10000/64)
	for r := range m {
		if r >= 0 && r < 0x10000 {
			s[r>>6] |= 1 << (r & 63)
		}
	}
	return s
}

func (s runeSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && s[r>>6]&(1<<(r&63)) != 0
}
