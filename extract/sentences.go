package extract

// splitSentences cuts folded text into sentences at 。！？!?；; and line
// breaks. A closing quotation mark or bracket right after the terminator
// stays with its sentence. Relation triggers and reported speech are only
// looked for within one sentence, which keeps them precise. The
// sentences are appended to out.
func splitSentences(f []rune, out []span) []span {
	start := 0
	for i := 0; i < len(f); i++ {
		if !isSentenceEnd(f[i]) {
			continue
		}
		j := i + 1
		for j < len(f) && (isSentenceEnd(f[j]) || isCloser(f[j])) {
			j++
		}
		if j > start {
			out = append(out, span{start, j})
		}
		start = j
		i = j - 1
	}
	if start < len(f) {
		out = append(out, span{start, len(f)})
	}
	return out
}

// cjkIdeograph reports whether r is in the main block of Chinese
// characters, where no punctuation is: the tests below are made at every
// position of a text, and most positions hold one.
func cjkIdeograph(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }

func isSentenceEnd(r rune) bool {
	if cjkIdeograph(r) {
		return false
	}
	switch r {
	case '。', '！', '？', '!', '?', '；', ';', '\n', '\r', '…':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	if cjkIdeograph(r) {
		return false
	}
	switch r {
	case '”', '’', '」', '』', ')', '）', '】', '》', '"', '\'':
		return true
	}
	return false
}

// isPunct reports whether r is punctuation or white space: a hard
// boundary for every name.
func isPunct(r rune) bool {
	if r < 0x80 {
		return !isLatinOrDigit(r) && r != '-' && r != '+' && r != '.' && r != '_' && r != '&'
	}
	if cjkIdeograph(r) {
		return false
	}
	switch r {
	case '，', '、', '。', '：', '；', '！', '？', '“', '”', '‘', '’', '（', '）', '《', '》', '【', '】',
		'「', '」', '『', '』', '…', '—', '～', '·', '\u3000', '〈', '〉', '－':
		return true
	}
	return false
}
