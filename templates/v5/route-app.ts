import { handlers } from {{authImport}};

export const { GET, POST } = handlers;
