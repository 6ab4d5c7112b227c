// Helvetica's advance widths, in thousandths of the font size, from Adobe's Helvetica AFM (one of
// the PDF standard 14 fonts); Arial and Liberation Sans share them. What a title drawn in
// Helvetica is as wide as, to check it against the SVG's viewBox without a browser.
const ASCII_WIDTHS =
  // space ! " # $ % & ' ( ) * + , - . /
  [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278]
    // 0-9 : ; < = > ? @
    .concat([556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015])
    // A-Z
    .concat([
      667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,
    ])
    // [ \ ] ^ _ `
    .concat([278, 278, 278, 469, 556, 333])
    // a-z
    .concat([
      556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,
    ])
    // { | } ~
    .concat([334, 260, 334, 584]);

const OTHER_WIDTHS: Readonly<Record<string, number>> = { '—': 1000, '·': 278, ü: 556, é: 556 };

/** Ascender and descender of Helvetica (AFM), in thousandths of the font size. */
export const HELVETICA_ASCENDER = 718;
export const HELVETICA_DESCENDER = 207;

/** The width of `text` set in Helvetica at `fontSize`, in the same unit as the size. */
export function helveticaWidth(text: string, fontSize: number): number {
  let total = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const width = code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32] : OTHER_WIDTHS[character];
    if (width === undefined) throw new Error(`No Helvetica width for ${JSON.stringify(character)}: add it from the AFM`);
    total += width;
  }
  return (total * fontSize) / 1000;
}
