"""The one definition of the text analysis, from which both engines are built: the embedded
engine's Python analysis (search/text.py) and the Elasticsearch analyzers (search/documents.py).

A word is a run of letters and digits (Unicode categories L and N); anything else separates
words, so `quell'ufficio`, `coworking.it`, `3.5` and `foo_bar` are two words each on both
engines, and an elided article (`dell'`, `l'`) is a word of its own that the stop words drop.
Words are folded by one table (folding_map: combining accents dropped, compatibility forms
spelled out, lowercase), stop words dropped, and each
word is stemmed by the Snowball stemmers of both languages. Did-you-mean reads the folded
words unstemmed; autocomplete their edge n-grams. Change anything here and bump
`documents.LAYOUT` and the embedded engine's `SCHEMA_VERSION`: both indexes must be rebuilt.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# A word, as Python's `re` writes it ([^\W_] = letters and digits) and as Java's regex (the
# Elasticsearch pattern tokenizer) writes the characters between words.
WORD_PYTHON = r"[^\W_]+"
SEPARATOR_JAVA = r"[^\p{L}\p{N}]+"

# Combining marks left by NFKD decomposition (accents, cedillas, …): dropped before anything
# else, so "città" typed with a separate accent reads as the composed one. Written with \u
# escapes, which Python's `re` and Java's regex both read.
COMBINING = r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_COMBINING = re.compile(COMBINING)


# Hangul syllables stay whole: NFKD would spell each as its jamo (11,172 entries more).
HANGUL_SYLLABLES = range(0xAC00, 0xD7A4)
# Where letters and digits with a compatibility decomposition live (Unicode 14).
_DECOMPOSABLE = (range(0x80, 0x20000), range(0x2F800, 0x2FA20))
# Python's lower() writes a word-final capital sigma as ς, Lucene's lowercase filter as σ (it
# reads one character at a time): both fold ς to σ, so ΟΔΟΣ, οδος and οδοσ are one word.
FINAL_SIGMA = ("\u03c2", "\u03c3")


@functools.cache
def folding_map() -> dict[str, str]:
    """The folding both engines apply, character by character, before lowercasing: each letter
    or digit that NFKD without combining marks, lowercased, turns into other letters or digits
    than its lowercase (à → a, ﬁ → fi, ² → 2, й → и, 𝐀 → a, ｶ → カ), Hangul syllables aside,
    and ς → σ. Elasticsearch gets it as a `mapping` char filter, the embedded engine as
    str.translate: the same table, so the same words in every script."""
    out = {}
    for block in _DECOMPOSABLE:
        for code in block:
            ch = chr(code)
            if not unicodedata.decomposition(ch) or code in HANGUL_SYLLABLES or not ch.isalnum():
                continue
            folded = _COMBINING.sub("", unicodedata.normalize("NFKD", ch)).lower()
            folded = folded.replace(*FINAL_SIGMA)
            if folded != ch.lower() and folded.isalnum():
                out[ch] = folded
    out[FINAL_SIGMA[0]] = FINAL_SIGMA[1]
    return out


@functools.cache
def _table() -> dict[int, str]:
    return {ord(k): v for k, v in folding_map().items()}


def fold(text: str) -> str:
    """Lowercase without diacritics, as Elasticsearch's char filters and lowercase filter read
    it: separate combining marks dropped, folding_map applied, lowercase (città → citta,
    perché → perche, ﬁ → fi)."""
    if text.isascii():
        return text.lower()
    folded = _COMBINING.sub("", text).translate(_table()).lower()
    return folded.replace(*FINAL_SIGMA) if FINAL_SIGMA[0] in folded else folded


# Italian articles and prepositions written elided (l'aula, dell'università: Lucene's list).
# The tokenizer splits them off their word; most are stop words; autocomplete ignores them.
ELIDED_ARTICLES = frozenset(
    "c l all dall dell nell sull coll pell gl agl dagl degl negl sugl un m t s v d".split()  # noqa: SIM905
)

# Lucene's Italian stop words (Elasticsearch's `_italian_`), folded, plus elided forms.
ITALIAN_STOP_WORDS = frozenset(
    """
    ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl dalla
    dalle di del dello dei degli dell degl della delle in nel nello nei negli nell negl nella
    nelle su sul sullo sui sugli sull sugl sulla sulle per tra contro io tu lui lei noi voi loro
    mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre vostro vostra
    vostri vostre mi ti ci vi lo la li le gli ne il un uno una ma ed se perche anche come dov
    dove che chi cui non piu quale quanto quanti quanta quante quello quelli quella quelle
    questo questi questa queste si tutto tutti a c e i l o ho hai ha abbiamo avete hanno abbia
    abbiate abbiano avro avrai avra avremo avrete avranno sono sei siamo siete era eri eravamo
    eravate erano fui fosti fu fummo foste furono sia siate siano sara sarai saremo sarete
    saranno sto stai sta stiamo stanno fa faccio fai facciamo fanno d m n s t v
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# The commonest English function words: they match half the English posts and rank nothing.
ENGLISH_STOP_WORDS = frozenset(
    """
    the of and to is it that for on with as are be this an or by what how does can you which
    when why there their they was were has have had been from at not but if its
    """.split()  # noqa: SIM905
)
# One list for both languages' fields: a word is dropped whatever language it is read in.
STOP_WORDS = ITALIAN_STOP_WORDS | ENGLISH_STOP_WORDS

# Snowball stemmers (PyStemmer's names; Elasticsearch's `snowball` filter capitalises them),
# Italian first: each word is indexed under the stem of each.
STEMMERS = ("italian", "english")

# Autocomplete: edge n-grams of the folded title words.
MIN_GRAM, MAX_GRAM = 2, 20

# Cross-language cognates, at query time only (nothing indexed changes: no layout bump). An
# Italian query word also looks for the English words it is a cognate of, spelled by the
# regular correspondences between the two languages' Latin and Greek vocabularies, written from
# the textbook rules (not from any query): an Italian ending and the English endings it answers
# to, and the Latin consonant clusters Italian assimilated (or Greek letters it respelled),
# undone. search.text.cognates applies them; each engine keeps the candidates its index holds.
# Endings (folded: -ità is -ita), longest first; "" and "e": the bare Latin root
# (avverbio → adverb).
COGNATE_ENDINGS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("izzazione", "izzazioni"), ("ization",)),  # organizzazione → organization
    (("bilmente",), ("bly",)),  # probabilmente → probably
    (("almente",), ("ally",)),  # naturalmente → naturally
    (("amente", "emente"), ("ly",)),  # esattamente → exactly, recentemente → recently
    (("zione", "zioni"), ("tion",)),  # nazione → nation
    (("sione", "sioni"), ("sion",)),  # versione → version
    (("izzare", "izzato", "izzata", "izzati", "izzate"), ("ize",)),  # organizzare → organize
    (("aggio", "aggi"), ("age",)),  # messaggio → message
    (("ismo", "ismi"), ("ism",)),  # anglicismo → anglicism
    (("ista", "isti", "iste"), ("ist",)),  # linguista → linguist
    (("ita",), ("ity",)),  # qualità → quality
    (("eta",), ("ety",)),  # società → society
    (("oso", "osa", "osi", "ose"), ("ous",)),  # famoso → famous
    (("ico", "ica", "ici", "iche"), ("ic", "ical")),  # fonetica → phonetic(al)
    (("ivo", "iva", "ivi", "ive"), ("ive",)),  # aggettivo → adjective
    (("bile", "bili"), ("ble",)),  # possibile → possible
    (("enza", "enze"), ("ence",)),  # differenza → difference
    (("anza", "anze"), ("ance",)),  # importanza → importance
    (("ario", "aria", "ari", "arie"), ("ary",)),  # contrario → contrary
    (("orio", "oria", "ori", "orie"), ("ory",)),  # memoria → memory
    (("zio", "zia", "zi", "zie"), ("ce",)),  # servizio → service, giustizia → justice
    (("mento", "menti"), ("ment",)),  # argomento → argument
    (("tore", "tori", "trice", "trici"), ("tor",)),  # attore → actor, dottore → doctor
    (("ore", "ori"), ("our",)),  # colore → colour
    (("ato", "ata", "ati", "ate", "are"), ("ate",)),  # separare → separate
    (("ia", "ie"), ("y",)),  # filosofia → philosophy, storia → story
    (("io", "ia", "o", "a", "e", "i"), ("", "e")),  # avverbio → adverb, frase → phrase
)
# Spellings undone in the rest of the word (a regex → its English spellings), each at every
# place or nowhere: Latin ct and pt became tt (fatto: fact, eccetto: except), x ss (complesso:
# complex), bj and dj gg (oggetto: object, aggettivo: adjective), dv vv (avverbio: adverb); ti
# before a vowel zi (pazienza: patience); pl, bl, fl pi, bi, fi (pianta: plant) and cl chi
# (chiaro: Latin clarus); initial ex es (esatto: exact, esperienza: experience); ns
# s (costante: constant, istituto: institute, trasporto: transport); Greek ph f (frase:
# phrase), y i (sillaba: syllable); and Italian doubles z between vowels (organizzare: organize).
COGNATE_SPELLINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tt", ("ct", "pt")),
    ("ss", ("x",)),
    ("gg", ("bj", "dj")),
    ("vv", ("dv",)),
    ("zz", ("z",)),
    ("zi(?=[aeou])", ("ti",)),
    ("(?<=[bfp])i(?=[aeou])", ("l",)),
    ("chi(?=[aeou])", ("cl",)),
    ("^es", ("ex",)),
    ("^cos(?=t)", ("cons",)),
    ("^is(?=t)", ("inst",)),
    ("^tras", ("trans",)),
    ("f", ("ph",)),
    ("i", ("y",)),
)
COGNATE_MIN_LENGTH = 5  # shorter words are too ambiguous to spell into another language
COGNATE_MIN_STEM = 4  # a candidate stemmed shorter than this matches too many English words
COGNATE_VARIANTS = 16  # at most this many spellings of one word's root (its cost stays fixed)
