import { http } from './http.ts';
import type { OtpSent, Profile, Session } from './types.ts';

export const authApi = {
  register: (body: { email: string; password: string; nickname?: string; referralCode?: string }) => http.post<Session>('/api/auth/register', body),
  login: (body: { email: string; password: string }) => http.post<Session>('/api/auth/login', body),
  sendOtp: (phone: string) => http.post<OtpSent>('/api/auth/otp', { phone }),
  otpLogin: (phone: string, code: string, referralCode?: string) => http.post<Session>('/api/auth/otp/login', { phone, code, referralCode }),
  logout: () => http.post<{ ok: true }>('/api/auth/logout'),
  me: () => http.get<Profile>('/api/me'),
};
