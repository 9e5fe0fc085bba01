/** How the Cloud API validates a send request: the limits and error codes Meta answers with. */

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** An approved template: name, language code and how many body parameters it takes. */
export interface FakeMetaTemplate {
  name: string;
  language: string;
  parameters: number;
}

/** A refused request, answered as a Graph API error object. */
export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }
}
export const invalid = (details: string) =>
  new GraphFailure(400, 131009, '(#131009) Parameter value is not valid', details);
export const param = (message: string) => new GraphFailure(400, 100, `(#100) ${message}`);

function checkLength(value: unknown, max: number, what: string, min = 1): void {
  if (typeof value !== 'string' || value.length < min || value.length > max)
    throw invalid(`${what} length invalid. Min length: ${min}, Max length: ${max}`);
}

/** Checks one send request as Meta does; throws GraphFailure with Meta's code and details. */
export class MetaSendRules {
  constructor(private readonly templates: FakeMetaTemplate[]) {}

  validate(type: string, request: Json): void {
    const content = request[type] as Json | undefined;
    if (typeof content !== 'object' || content === null) throw param(`The parameter ${type} is required.`);
    if (type === 'text') {
      if (typeof content.body !== 'string' || content.body === '')
        throw param("The parameter text['body'] is required.");
      if (content.body.length > 4096) throw param("Param text['body'] must be at most 4096 characters long.");
    } else if (['image', 'audio', 'video', 'document', 'sticker'].includes(type)) {
      if (!content.link && !content.id) throw param(`Param ${type} must have a link or an id.`);
      if (content.link && !/^https?:\/\//.test(content.link))
        throw param(`Param ${type}['link'] is not a valid URL.`);
      if (content.caption !== undefined && (type === 'audio' || type === 'sticker'))
        throw param(`Param ${type}['caption'] is not a valid parameter.`);
      if (content.caption !== undefined) checkLength(content.caption, 1024, 'Caption', 0);
    } else if (type === 'interactive') {
      this.validateInteractive(content);
    } else if (type === 'template') {
      this.validateTemplate(content);
    } else {
      throw param(
        `Param type must be one of {text, image, audio, video, document, sticker, interactive, template}.`,
      );
    }
  }

  validateInteractive(content: Json): void {
    const action = (content.action ?? {}) as Json;
    if (typeof content.body?.text !== 'string' || content.body.text === '')
      throw invalid('body text is required');
    if (content.type === 'button') {
      checkLength(content.body.text, 1024, 'Body text');
      const buttons = (action.buttons ?? []) as Json[];
      if (buttons.length < 1 || buttons.length > 3)
        throw invalid('buttons: Too many buttons. Min: 1, Max: 3');
      for (const button of buttons) {
        if (button.type !== 'reply') throw invalid('Button type must be reply');
        checkLength(button.reply?.id, 256, 'Button id');
        checkLength(button.reply?.title, 20, 'Button title');
      }
      if (new Set(buttons.map((b) => b.reply.id)).size !== buttons.length)
        throw invalid('Button ids must be unique');
      if (new Set(buttons.map((b) => b.reply.title)).size !== buttons.length)
        throw invalid('Button titles must be unique');
    } else if (content.type === 'list') {
      checkLength(content.body.text, 4096, 'Body text');
      checkLength(action.button, 20, 'Button label');
      const sections = (action.sections ?? []) as Json[];
      if (sections.length < 1 || sections.length > 10) throw invalid('sections: Min: 1, Max: 10');
      if (sections.length > 1) sections.forEach((s) => checkLength(s.title, 24, 'Section title'));
      const rows = sections.flatMap((s) => (s.rows ?? []) as Json[]);
      if (rows.length < 1 || rows.length > 10) throw invalid('rows: Too many rows. Min: 1, Max: 10');
      for (const row of rows) {
        checkLength(row.id, 200, 'Row id');
        checkLength(row.title, 24, 'Row title');
        if (row.description !== undefined) checkLength(row.description, 72, 'Row description', 0);
      }
      if (new Set(rows.map((r) => r.id)).size !== rows.length) throw invalid('Row ids must be unique');
    } else {
      throw invalid(`interactive type ${String(content.type)} is not supported`);
    }
  }

  validateTemplate(content: Json): void {
    const language = content.language?.code;
    const approved = this.templates.find((t) => t.name === content.name && t.language === language);
    if (!approved) {
      throw new GraphFailure(
        404,
        132001,
        '(#132001) Template name does not exist in the translation',
        `template name (${String(content.name)}) does not exist in ${String(language)}`,
      );
    }
    const body = ((content.components ?? []) as Json[]).find((c) => c.type === 'body');
    const parameters = (body?.parameters ?? []) as Json[];
    if (parameters.length !== approved.parameters) {
      throw new GraphFailure(
        400,
        132000,
        '(#132000) Number of parameters does not match the expected number of params',
        `body: number of localizable_params (${parameters.length}) does not match the expected number of params (${approved.parameters})`,
      );
    }
    if (parameters.some((p) => p.type !== 'text' || typeof p.text !== 'string' || p.text.trim() === ''))
      throw new GraphFailure(
        400,
        131008,
        '(#131008) Required parameter is missing',
        'Parameter text is empty',
      );
  }
}
