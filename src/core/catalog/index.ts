export type { Priority, RequestTypeTable, TicketKind } from './catalog.table.ts';
export { fieldKinds, formField } from './request-type.ts';
export type {
  AnswerValue,
  AnsweredField,
  FieldCondition,
  FieldKind,
  FormDefinition,
  FormField,
  RequestType,
} from './request-type.ts';
export { formDefinitionSchema, maxFieldOptions, maxFormFields } from './form-definition.ts';
export type { FormDefinitionInput } from './form-definition.ts';
export { answerForm, answerNamePrefix, formSchema, rawAnswersFromForm } from './form-schema.ts';
export type { FormAnswers } from './form-schema.ts';
export { conditionMet, maxFilesPerField } from './field-answers.ts';
export {
  requestTypeIcons,
  requestTypeInputSchema,
  requestTypeKinds,
  requestTypePatchSchema,
  requestTypePriorities,
} from './schemas.ts';
export type { RequestTypeIcon, RequestTypeInput, RequestTypePatch } from './schemas.ts';
export {
  createRequestType,
  getRequestType,
  listRequestTypes,
  setRequestTypeActive,
  updateRequestType,
} from './request-types.ts';
export type { RequestTypeFilter } from './request-types.ts';
export { seedDemoRequestTypes } from './demo.ts';
