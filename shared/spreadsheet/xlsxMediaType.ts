/** The media type of an .xlsx workbook; its own module, so the console takes it without the writer. */
export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
