/**
 * The same small sheet as different spreadsheet programs write it, built byte by byte: Excel with
 * shared strings and phonetic guides (<rPh>), WPS without cell references (no `r` on <c>),
 * a namespace-prefixed workbook (x:row, x:c), and inline strings without a shared-strings part.
 * Every variant holds: 姓名 | 单位 | 期限 / 張三 | 县财政局 | 46346 (a date serial) / 李四 | (empty) | 46347.
 */
import { strToU8, zipSync } from 'fflate'

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

function pack(sheet: string, shared?: string, workbookPrefix = ''): Uint8Array {
  const p = workbookPrefix ? `${workbookPrefix}:` : ''
  const xmlns = workbookPrefix ? `xmlns:${workbookPrefix}="${NS}"` : `xmlns="${NS}"`
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><${p}workbook ${xmlns} xmlns:r="${REL}"><${p}sheets><${p}sheet name="台账" sheetId="1" r:id="rId1"/></${p}sheets></${p}workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
  }
  if (shared) files['xl/sharedStrings.xml'] = strToU8(shared)
  return zipSync(files)
}

const SHARED_WITH_PHONETIC = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="4" uniqueCount="4">
<si><t>姓名</t></si><si><t>单位</t></si><si><t>期限</t></si>
<si><r><t>張</t></r><r><t>三</t></r><rPh sb="0" eb="1"><t>チョウ</t></rPh><phoneticPr fontId="1"/></si>
<si><t>县财政局</t><rPh sb="0" eb="1"><t>ケン</t></rPh></si>
<si><t>李四</t></si></sst>`

/** Excel: cell references, shared strings with phonetic runs. */
export const excelPhonetic = () =>
  pack(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>
<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>46346</v></c></row>
<row r="3"><c r="A3" t="s"><v>5</v></c><c r="C3"><v>46347</v></c></row></sheetData></worksheet>`,
    SHARED_WITH_PHONETIC,
  )

/** WPS-style: no `r` on cells or rows; an empty cell is written as an empty <c/>. */
export const noReferences = () =>
  pack(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>
<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>
<row><c t="s"><v>3</v></c><c t="s"><v>4</v></c><c><v>46346</v></c></row>
<row><c t="s"><v>5</v></c><c/><c><v>46347</v></c></row></sheetData></worksheet>`,
    SHARED_WITH_PHONETIC,
  )

/** Namespace-prefixed parts (x:worksheet, x:row, x:c, x:si), as some generators write them. */
export const prefixed = () =>
  pack(
    `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="${NS}"><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>
<x:row r="2"><x:c r="A2" t="s"><x:v>3</x:v></x:c><x:c r="B2" t="s"><x:v>4</x:v></x:c><x:c r="C2"><x:v>46346</x:v></x:c></x:row>
<x:row r="3"><x:c r="A3" t="s"><x:v>5</x:v></x:c><x:c r="C3"><x:v>46347</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
    SHARED_WITH_PHONETIC.replace(/<(\/?)(sst|si|t|r|rPh|phoneticPr)\b/g, '<$1x:$2').replace(`xmlns="${NS}"`, `xmlns:x="${NS}"`),
    'x',
  )

/** Numbers/LibreOffice-style: inline strings, no shared-strings part, references on every cell. */
export const inlineStrings = () =>
  pack(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>单位</t></is></c><c r="C1" t="inlineStr"><is><t>期限</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><r><t>張</t></r><r><t>三</t></r><rPh sb="0" eb="1"><t>チョウ</t></rPh></is></c><c r="B2" t="inlineStr"><is><t>县财政局</t></is></c><c r="C2"><v>46346</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>李四</t></is></c><c r="B3"/><c r="C3"><v>46347</v></c></row></sheetData></worksheet>`,
  )

export const VARIANTS = { excelPhonetic, noReferences, prefixed, inlineStrings }
