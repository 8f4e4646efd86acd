import { createRng } from '../../benchmarks/random';

/**
 * Seeded test strings aimed at the places tokenizers disagree: whitespace runs and line breaks, digit
 * runs, contractions, punctuation clusters, every script class llama.cpp's category table separates,
 * combining marks, astral characters, special-token look-alikes, control characters and unpaired
 * surrogates, plus the clinical notation benchmark prompts are full of, and whole clinical sentences in
 * Chinese, Japanese, Korean and accented Latin scripts (also decomposed, NFD) and in full-width forms.
 * Test-only.
 */

// prettier-ignore
const WORDS = [
  'the', 'The', 'patient', 'Patient', 'was', 'admitted', 'with', 'fever', 'and', 'tachycardia', 'hello', 'world', 'Hello', 'WORLD',
  'a', 'I', 'of', 'to', 'in', 'is', 'it', 'Once', 'upon', 'time', 'little', 'girl', 'dog', 'ran', 'happy', 'because',
  'antibiotics', 'hypertension', 'myocardial', 'infarction', 'pneumonia', 'diagnosis', 'mg', 'kg', 'mL', 'dL', 'mmHg', 'bpm', 'IV',
  'PO', 'BID', 'TID', 'PRN', 'ECG', 'MRI', 'CT', 'COVID-19', 'SARS-CoV-2', 'HbA1c', 'eGFR', 'NSAIDs', 'q8h', 'q12h', 'β-blocker',
  'α-agonist', 'μg', 'µg', '°C', '°F', 'Na+', 'K+', 'Ca2+', 'HCO3−', 'pH', 'PaO2', 'FiO2', 'Answer', 'Question', 'yes', 'no',
  'maybe', 'A', 'B', 'C', 'D', 'E', 'naïve', 'café', 'résumé', 'Ångström', 'Straße', 'coöperate', 'façade', 'piñata', 'Zürich',
  'São', 'Paulo', 'ǅ', 'ﬁ', 'Ⅻ', 'ⅷ', '½', '²', '₂', 'x²', 'CH₃', 'H₂O',
];

// prettier-ignore
const CONTRACTIONS = [
  "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Ve", "'LL", "'D", "'x", "'", "''", "n't", '’s', '`s',
];

// prettier-ignore
const NON_ASCII = [
  '漢字', '中文测试', '日本語のテキスト', 'カタカナ', '한국어', 'Ελληνικά', 'αβγ δεζ', 'Ωμέγα', 'русский текст', 'Ж', 'עברית', 'العربية', 'हिन्दी',
  'नमस्ते', 'ภาษาไทย', 'ქართული', 'Հայերեն', 'ᚠᚢᚦ', '😀', '👍🏽', '👨‍👩‍👧‍👦', '🇺🇸', '🤖🧬💊', '❤️', '✓', '★', 'e\u0301', 'a\u0308\u0304',
  'n\u0303', '\u0301alone', 'Z\u0351\u0352\u0353', 'ﬀ', 'Ａｂｃ１２３', '　', '…', '—', '–', '«quoted»', '“smart”', '‘single’', '¿Qué?',
  '¡Hola!', '§4.2', '¶', '©', '®', '™', '€100', '£5', '¥', '₹', '∑∫√∞', '≤≥≠±', '→←↑↓', '①②③', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '𝟏𝟐𝟑', '𐍈', '𠀀𠀁',
  '\u{10FFFD}', '\uE000', '\uFFFD', '\uFEFF', '\u200B', '\u200D', '\u00AD',
];

// prettier-ignore
const SPECIAL_LOOKALIKES = [
  '<s>', '</s>', '<unk>', '<0x41>', '<0x0A>', '<|endoftext|>', '<|im_start|>', '<|im_end|>', '<|user|>', '<|assistant|>',
  '<|fim_prefix|>', '<|channel|>', '<think>', '</think>', '[INST]', '<<SYS>>', '▁', '▁▁', '<', '|', '>', 'Ġ', 'Ċ', 'âĢĻ',
];

// prettier-ignore
const PUNCTUATION = [
  '.', ',', '!', '?', ';', ':', '...', '?!', '"', '(', ')', '[', ']', '{', '}', '/', '\\', '-', '--', '_', '__', '*', '**', '#',
  '##', '@', '&', '%', '$', '+', '=', '<', '>', '<=', '>=', '^', '~', '|', '`', '```', '://', '=>', '->', '>>>', '%)',
];

// prettier-ignore
const WHITESPACE = [
  ' ', '  ', '   ', '    ', '        ', '\t', '\t\t', '\n', '\n\n', '\n\n\n', '\r\n', '\r', ' \n', '\n ', '\u00A0', '\u2003',
  '\u3000', '\u2028', '\u0085', '\v', '\f', '\u1680', ' \t\n ',
];

const CONTROL = ['\u0000', '\u0001', '\u001B', '\u001F', '\u007F', '\u0080', '\u009F'];

// prettier-ignore
const MEDICAL = [
  '5 mg/kg q8h', '0.5 mg/kg/day', 'β-blocker', 'HbA1c 7.2%', 'Answer: C', 'BP 120/80 mmHg', 'HR 110 bpm', 'SpO2 94% on RA',
  'T 38.5°C', 'Na 134 mEq/L', 'WBC 12,500/mm3', 'Hb 9.8 g/dL', 'creatinine 1.8 mg/dL', 'INR 2.5', 'pH 7.31, PaCO2 55',
  'a 45-year-old man', "the patient's", 'P < 0.05', 'OR 1.23 (95% CI 1.05–1.44)', 'n = 1,024', '1:1000', 'T2DM', 'ICD-10 I21.4',
  'vitamin B12', 'IL-6', 'TNF-α', 'CD4+ T cells', 'BRCA1/2', 'HLA-B*57:01', 'Stage IIIB', 'II/VI systolic murmur',
];

// prettier-ignore
const SENTENCES = [
  '患者，男，45岁，因发热三天入院。', '血压120/80 mmHg，心率110次/分。', '诊断：急性心肌梗死（STEMI）。', '建议口服阿司匹林100 mg，每日一次。',
  '醫師建議住院觀察，並監測血糖。', '患者は45歳の男性で、3日前から発熱がある。', '既往歴：高血圧、糖尿病（2型）。', 'ｶﾙﾃ ﾃﾞｰﾀ',
  '환자는 45세 남성으로 사흘 전부터 열이 났다.', '진단: 급성 심근경색', 'El paciente, de 45 años, ingresó con fiebre y taquicardia.',
  '¿Cuál es el diagnóstico más probable?', 'Se administró 0,5 mg/kg de morfina por vía intravenosa.',
  'Le patient âgé de 45 ans présente une fièvre à 38,5 °C depuis trois jours.', 'Quelle est la conduite à tenir\u202F? Réponse\u00A0: C',
  "L'hémoglobine glyquée est à 7,2 %.", 'Œdème aigu du poumon, très dyspnéique.', 'O paciente apresentou dispneia e cianose; não há evidência de infecção.',
  'Die Patientin klagt über Übelkeit und Schwäche.', 'Größe 1,80 m; Gewicht 82 kg', 'Bệnh nhân nam, 45 tuổi, sốt cao ba ngày.',
  'Pacjent zgłosił się z bólem w klatce piersiowej.', 'Příznaky: horečka, kašel, dušnost.', 'Hastanın ateşi 39 °C, nabzı 110/dk. İlaç verildi.',
  'Pasienten har økt blodtrykk.', 'Läkaren ordinerade två tabletter.', 'Ο ασθενής έχει πυρετό.',
];

/** ASCII letters, digits and punctuation as their full-width forms (U+FF01…), spaces as U+3000. */
const fullWidth = (text: string) =>
  text.replace(/[!-~ ]/g, (ch) => (ch === ' ' ? '\u3000' : String.fromCharCode(ch.charCodeAt(0) + 0xfee0)));

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function digits(random: () => number): string {
  const length = 1 + Math.floor(random() ** 2 * 24);
  let out = '';
  for (let i = 0; i < length; i++) out += String(Math.floor(random() * 10));
  const shape = random();
  if (shape < 0.15) return `${out}.${Math.floor(random() * 1000)}`;
  if (shape < 0.25) return `${out}%`;
  if (shape < 0.32) return `-${out}`;
  if (shape < 0.4) return Number(out.slice(0, 15)).toLocaleString('en-US');
  return out;
}

/** Code points drawn from across the planes, assigned or not, but never a surrogate half. */
function randomCodePoint(random: () => number): string {
  const ranges: readonly [number, number][] = [
    [0x20, 0x7e],
    [0xa0, 0x2ff],
    [0x300, 0x36f],
    [0x370, 0x52f],
    [0x590, 0x6ff],
    [0x900, 0xdff],
    [0x1100, 0x11ff],
    [0x1e00, 0x1fff],
    [0x2000, 0x2bff],
    [0x3000, 0x30ff],
    [0x4e00, 0x9fff],
    [0xac00, 0xd7a3],
    [0xe000, 0xf8ff],
    [0xf900, 0xfffd],
    [0x10000, 0x1ffff],
    [0x20000, 0x2fa1f],
    [0x30000, 0x10ffff],
  ];
  const [lo, hi] = pick(random, ranges);
  return String.fromCodePoint(lo + Math.floor(random() * (hi - lo + 1)));
}

function piece(random: () => number): string {
  const r = random();
  if (r < 0.3) return pick(random, WORDS);
  if (r < 0.38) return pick(random, WORDS) + pick(random, CONTRACTIONS);
  if (r < 0.48) return digits(random);
  if (r < 0.56) return pick(random, PUNCTUATION);
  if (r < 0.66) return pick(random, NON_ASCII);
  if (r < 0.72) return pick(random, MEDICAL);
  if (r < 0.76) return pick(random, SPECIAL_LOOKALIKES);
  if (r < 0.79) return pick(random, CONTROL);
  if (r < 0.8) return random() < 0.5 ? '\uD800' : 'x\uDC00y';
  if (r < 0.86) {
    const sentence = pick(random, SENTENCES);
    return random() < 0.3 ? sentence.normalize('NFD') : sentence;
  }
  if (r < 0.89) return fullWidth(pick(random, random() < 0.5 ? MEDICAL : WORDS));
  let run = '';
  for (let n = 1 + Math.floor(random() * 6); n > 0; n--) run += randomCodePoint(random);
  return run;
}

function separator(random: () => number): string {
  const r = random();
  if (r < 0.55) return ' ';
  if (r < 0.7) return '';
  return pick(random, WHITESPACE);
}

/** `count` strings, the same ones for the same seed. */
export function testStrings(count: number, seed: number): string[] {
  const rng = createRng(seed);
  const random = () => rng.next();
  const out: string[] = ['', ' ', '  ', '\n', 'a', ' a', 'a ', '  leading', 'trailing  ', ' both ', 'Hello world'];
  while (out.length < count) {
    let text = random() < 0.2 ? pick(random, WHITESPACE) : '';
    const pieces = 1 + Math.floor(random() * 12);
    for (let i = 0; i < pieces; i++) text += (i > 0 ? separator(random) : '') + piece(random);
    if (random() < 0.2) text += pick(random, WHITESPACE);
    out.push(text);
  }
  return out.slice(0, count);
}
